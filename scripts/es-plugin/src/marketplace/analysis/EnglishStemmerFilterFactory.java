package marketplace.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Porter stemmer, the stemmer of Elastic's english analyzer ("dinners" -> "dinner"); expects lowercased tokens. */
@NamedComponent("mp_english_stemmer")
public class EnglishStemmerFilterFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream input) {
        return new PorterStemFilter(input);
    }
}
