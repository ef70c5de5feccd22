package marketplace.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.pt.PortugueseLightStemFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Lucene's light Portuguese stemmer, the stemmer of Elastic's portuguese analyzer ("massagens" and
 * "massagem" alike); expects lowercased tokens, with their accents (fold after it, not before).
 */
@NamedComponent("mp_portuguese_stemmer")
public class PortugueseStemmerFilterFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream input) {
        return new PortugueseLightStemFilter(input);
    }
}
