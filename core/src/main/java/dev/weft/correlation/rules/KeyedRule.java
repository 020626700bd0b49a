package dev.weft.correlation.rules;

import dev.weft.correlation.ledger.CorrelationKey;
import dev.weft.correlation.ledger.MatchPolicy;
import dev.weft.correlation.ledger.Side;
import dev.weft.correlation.ledger.SpanRef;
import dev.weft.model.Span;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A rule given as two functions from a span to its keys, one per side; every built-in rule and
 * every user-defined rule is one of these.
 */
record KeyedRule(String name, MatchPolicy policy, Function<Span, List<String>> producerKeys,
                 Function<Span, List<String>> consumerKeys) implements CorrelationRule {

    @Override
    public void extract(Span span, Consumer<CorrelationKey> keys) {
        emit(span, Side.PRODUCER, producerKeys.apply(span), keys);
        emit(span, Side.CONSUMER, consumerKeys.apply(span), keys);
    }

    private void emit(Span span, Side side, List<String> values, Consumer<CorrelationKey> keys) {
        for (String value : values) {
            keys.accept(new CorrelationKey(name, side, value, new SpanRef(span.traceId(), span.spanId()),
                    span.serviceName(), span.startTimeUnixNano(), span.endTimeUnixNano()));
        }
    }
}
