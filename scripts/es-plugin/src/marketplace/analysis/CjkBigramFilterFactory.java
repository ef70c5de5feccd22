package marketplace.analysis;

import java.util.List;
import java.util.Locale;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.ListSetting;

/**
 * Pairs of adjacent Han, Hiragana, Katakana or Hangul characters ("上海外滩" -> "上海", "海外", "外滩"):
 * Chinese has no spaces between words and the standard tokenizer cuts it into single characters, so
 * bigrams are what make a two-character word match as a word. Other tokens pass through unchanged.
 * Expects the standard tokenizer's token types. The same options as Elastic's cjk_bigram filter:
 * output_unigrams (false) also emits each character, at the same position as its bigram, so a
 * search for one character finds it; ignored_scripts ([]) lists scripts (han, hiragana, katakana,
 * hangul) left as single characters. An isolated character is always kept as a unigram.
 */
@NamedComponent("mp_cjk_bigram")
public class CjkBigramFilterFactory implements TokenFilterFactory {

    /** The filter's settings in the index definition, read by Elasticsearch through this interface. */
    @AnalysisSettings
    public interface Options {
        @BooleanSetting(path = "output_unigrams", defaultValue = false)
        boolean outputUnigrams();

        @ListSetting(path = "ignored_scripts")
        List<String> ignoredScripts();
    }

    private final int scripts;
    private final boolean outputUnigrams;

    @Inject
    public CjkBigramFilterFactory(Options options) {
        int flags = CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL;
        for (String script : options.ignoredScripts()) {
            flags &= ~scriptFlag(script);
        }
        this.scripts = flags;
        this.outputUnigrams = options.outputUnigrams();
    }

    private static int scriptFlag(String script) {
        // Fail when the index is created, not on the first document.
        return switch (script.toLowerCase(Locale.ROOT)) {
            case "han" -> CJKBigramFilter.HAN;
            case "hiragana" -> CJKBigramFilter.HIRAGANA;
            case "katakana" -> CJKBigramFilter.KATAKANA;
            case "hangul" -> CJKBigramFilter.HANGUL;
            default -> throw new IllegalArgumentException(
                "mp_cjk_bigram ignored_scripts takes han, hiragana, katakana or hangul, got [" + script + "]"
            );
        };
    }

    @Override
    public TokenStream create(TokenStream input) {
        return new CJKBigramFilter(input, scripts, outputUnigrams);
    }
}
