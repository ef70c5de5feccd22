package marketplace.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.IntSetting;

/**
 * Prefixes of each token for search-as-you-type ("massage" -> "ma", "mas", ... "massage").
 * Settings of a custom filter of this type: min_gram (2), max_gram (20), preserve_original (false).
 */
@NamedComponent("mp_edge_ngram")
public class EdgeNGramFilterFactory implements TokenFilterFactory {

    /** The filter's settings in the index definition, read by Elasticsearch through this interface. */
    @AnalysisSettings
    public interface Options {
        @IntSetting(path = "min_gram", defaultValue = 2)
        int minGram();

        @IntSetting(path = "max_gram", defaultValue = 20)
        int maxGram();

        @BooleanSetting(path = "preserve_original", defaultValue = false)
        boolean preserveOriginal();
    }

    private final int minGram;
    private final int maxGram;
    private final boolean preserveOriginal;

    @Inject
    public EdgeNGramFilterFactory(Options options) {
        this.minGram = options.minGram();
        this.maxGram = options.maxGram();
        this.preserveOriginal = options.preserveOriginal();
        // Fail when the index is created, not on the first document.
        if (minGram < 1 || maxGram < minGram) {
            throw new IllegalArgumentException(
                "mp_edge_ngram needs 1 <= min_gram <= max_gram, got min_gram=" + minGram + " max_gram=" + maxGram
            );
        }
    }

    @Override
    public TokenStream create(TokenStream input) {
        return new EdgeNGramTokenFilter(input, minGram, maxGram, preserveOriginal);
    }
}
