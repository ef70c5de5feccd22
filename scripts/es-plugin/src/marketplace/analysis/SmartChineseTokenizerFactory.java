package marketplace.analysis;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenizerFactory;

/**
 * Lucene's smartcn tokenizer: cuts Simplified Chinese into words with a hidden Markov model and its
 * dictionary ("上海外滩按摩" -> "上海", "外滩", "按摩"); other scripts as the standard tokenizer would.
 * Word-level, so more precise than CJK bigrams, but a name missing from its dictionary may be cut
 * wrongly. Needs lucene-analysis-smartcn in the plugin folder (install.sh fetches it).
 */
@NamedComponent("mp_smartcn_tokenizer")
public class SmartChineseTokenizerFactory implements TokenizerFactory {
    @Override
    public Tokenizer create() {
        return new HMMChineseTokenizer();
    }
}
