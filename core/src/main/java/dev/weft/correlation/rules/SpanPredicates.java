package dev.weft.correlation.rules;

import dev.weft.model.Span;
import dev.weft.model.SpanKind;

import java.util.Locale;
import java.util.Set;

/**
 * What real instrumentation records, across both generations of the messaging semantic
 * conventions ({@code messaging.operation} and {@code messaging.operation.type}; create/send
 * versus publish, process versus deliver).
 */
final class SpanPredicates {

    private static final Set<String> SEND_OPERATIONS = Set.of("create", "send", "publish");
    private static final Set<String> RECEIVE_OPERATIONS = Set.of("receive", "process", "deliver", "settle");

    private SpanPredicates() {
    }

    static String messagingOperation(Span span) {
        String op = span.attributes().getText("messaging.operation.type");
        if (op == null) {
            op = span.attributes().getText("messaging.operation");
        }
        return op == null ? null : op.toLowerCase(Locale.ROOT);
    }

    /** A span that hands a message to a broker: PRODUCER, a send-type CLIENT span, or an SNS Publish call. */
    static boolean isMessageProducer(Span span) {
        if (span.kind() == SpanKind.PRODUCER) {
            return true;
        }
        if (span.kind() != SpanKind.CLIENT) {
            return false;
        }
        String op = messagingOperation(span);
        return op != null && SEND_OPERATIONS.contains(op) || isRpc(span, "SNS", "Publish");
    }

    /** A span that takes a message from a broker: CONSUMER, or a receive-type CLIENT span. */
    static boolean isMessageConsumer(Span span) {
        if (span.kind() == SpanKind.CONSUMER) {
            return true;
        }
        String op = messagingOperation(span);
        return span.kind() == SpanKind.CLIENT && op != null && RECEIVE_OPERATIONS.contains(op);
    }

    static boolean isRpc(Span span, String service, String method) {
        return service.equals(span.attributes().getText("rpc.service"))
                && method.equals(span.attributes().getText("rpc.method"));
    }

    /** The first present attribute among the names, as text; null when none is there. */
    static String firstText(Span span, String... names) {
        for (String name : names) {
            String value = span.attributes().getText(name);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
