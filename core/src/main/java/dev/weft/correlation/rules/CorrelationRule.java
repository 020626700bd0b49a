package dev.weft.correlation.rules;

import dev.weft.correlation.ledger.CorrelationKey;
import dev.weft.correlation.ledger.MatchPolicy;
import dev.weft.model.Span;

import java.util.function.Consumer;

/**
 * How to find the producer and consumer keys of one kind of asynchronous hop. Equal keys under
 * the same rule, within the rule's window, make an async edge. Extraction must be cheap: it
 * runs on every ingested span and only reads the span.
 */
public interface CorrelationRule {

    String name();

    MatchPolicy policy();

    /** Emits the keys this span carries under this rule, on either side; usually none. */
    void extract(Span span, Consumer<CorrelationKey> keys);
}
