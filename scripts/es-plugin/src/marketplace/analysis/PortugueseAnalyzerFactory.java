package marketplace.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/**
 * Lucene's Portuguese analyzer: standard tokenizer, lowercase, Portuguese stop words, light stemmer.
 * The same chain as lowercase + mp_portuguese_stop + mp_portuguese_stemmer (accents are kept: add
 * mp_asciifolding after the stemmer in a custom analyzer so "cafe" finds "café").
 */
@NamedComponent("mp_portuguese")
public class PortugueseAnalyzerFactory implements AnalyzerFactory {
    @Override
    public Analyzer create() {
        return new PortugueseAnalyzer();
    }
}
