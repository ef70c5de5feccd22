package marketplace.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Folds the width variants of CJK text: full-width Latin letters and digits to plain ones
 * ("ＳＰＡ２" -> "SPA2", as Chinese keyboards type them) and half-width Katakana to full width.
 * Put it before lowercase and mp_cjk_bigram, as Lucene's CJKAnalyzer does.
 */
@NamedComponent("mp_cjk_width")
public class CjkWidthFilterFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream input) {
        return new CJKWidthFilter(input);
    }

    // Per character, so Elasticsearch may apply it to the terms of prefix, wildcard and fuzzy queries.
    @Override
    public TokenStream normalize(TokenStream input) {
        return new CJKWidthFilter(input);
    }
}
