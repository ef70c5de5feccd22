package marketplace.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/**
 * Lucene's smart Chinese analyzer: the smartcn tokenizer (Simplified Chinese words), Porter stemming
 * of English words, and its stop list (punctuation). The same as Elastic's smartcn analyzer.
 */
@NamedComponent("mp_smartcn")
public class SmartChineseAnalyzerFactory implements AnalyzerFactory {
    @Override
    public Analyzer create() {
        return new SmartChineseAnalyzer();
    }
}
