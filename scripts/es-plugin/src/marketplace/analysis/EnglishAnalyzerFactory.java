package marketplace.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/**
 * Lucene's English analyzer: standard tokenizer, possessive, lowercase, English stop words, Porter stemmer.
 * The same chain as lowercase + mp_english_possessive + mp_english_stop + mp_english_stemmer.
 */
@NamedComponent("mp_english")
public class EnglishAnalyzerFactory implements AnalyzerFactory {
    @Override
    public Analyzer create() {
        return new EnglishAnalyzer();
    }
}
