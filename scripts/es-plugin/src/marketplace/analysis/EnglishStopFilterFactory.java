package marketplace.analysis;

import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Removes Lucene's English stop words (the same list as Elastic's "_english_"); expects lowercased tokens. */
@NamedComponent("mp_english_stop")
public class EnglishStopFilterFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream input) {
        return new StopFilter(input, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
    }
}
