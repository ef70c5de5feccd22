package marketplace.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Folds accented letters to ASCII ("café" -> "cafe") so buyers find deals however they type them. */
@NamedComponent("mp_asciifolding")
public class AsciiFoldingFilterFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream input) {
        return new ASCIIFoldingFilter(input);
    }

    // Folding is per character, so Elasticsearch may also apply it to the terms of prefix, wildcard and
    // fuzzy queries. (Custom keyword normalizers cannot use stable-plugin filters in 8.19: its wrapper
    // is not a NormalizingTokenFilterFactory.)
    @Override
    public TokenStream normalize(TokenStream input) {
        return new ASCIIFoldingFilter(input);
    }
}
