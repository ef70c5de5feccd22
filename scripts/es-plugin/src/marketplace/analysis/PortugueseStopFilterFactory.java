package marketplace.analysis;

import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Removes Lucene's Portuguese stop words (the same list as Elastic's "_portuguese_"); expects lowercased tokens. */
@NamedComponent("mp_portuguese_stop")
public class PortugueseStopFilterFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream input) {
        return new StopFilter(input, PortugueseAnalyzer.getDefaultStopSet());
    }
}
