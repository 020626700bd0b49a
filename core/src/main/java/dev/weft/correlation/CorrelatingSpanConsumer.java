package dev.weft.correlation;

import dev.weft.correlation.ledger.CorrelationKey;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.rules.KeyExtractor;
import dev.weft.correlation.rules.RuleRegistry;
import dev.weft.model.Span;
import dev.weft.storage.SpanConsumer;

import java.util.List;

/**
 * The ingest path of correlation: stores the spans, then records the keys the active rules
 * find on them. Extraction reads only the spans; the ledger write is its only I/O.
 */
public final class CorrelatingSpanConsumer implements SpanConsumer {

    private final SpanConsumer storage;
    private final CorrelationLedger ledger;
    private final RuleRegistry rules;

    public CorrelatingSpanConsumer(SpanConsumer storage, CorrelationLedger ledger, RuleRegistry rules) {
        this.storage = storage;
        this.ledger = ledger;
        this.rules = rules;
    }

    @Override
    public void accept(List<Span> spans) {
        storage.accept(spans);
        List<CorrelationKey> keys = new KeyExtractor(rules.active()).extract(spans);
        if (!keys.isEmpty()) {
            ledger.record(keys);
        }
    }
}
