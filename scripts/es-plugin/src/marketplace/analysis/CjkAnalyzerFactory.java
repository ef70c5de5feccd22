package marketplace.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/**
 * Lucene's CJK analyzer: standard tokenizer, CJK width folding, lowercase, CJK bigrams, and a
 * short list of English stop words. The same chain as mp_cjk_width + lowercase + mp_cjk_bigram,
 * without the stop words.
 */
@NamedComponent("mp_cjk")
public class CjkAnalyzerFactory implements AnalyzerFactory {
    @Override
    public Analyzer create() {
        return new CJKAnalyzer();
    }
}
