package dev.weft.correlation.rules;

import dev.weft.correlation.ledger.MatchPolicy;
import dev.weft.model.Span;
import dev.weft.model.SpanKind;
import dev.weft.model.SpanLink;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.weft.correlation.rules.SpanPredicates.firstText;
import static dev.weft.correlation.rules.SpanPredicates.isMessageConsumer;
import static dev.weft.correlation.rules.SpanPredicates.isMessageProducer;
import static dev.weft.correlation.rules.SpanPredicates.isRpc;

/**
 * The rules that ship with Weft, matching the attributes that the OpenTelemetry
 * instrumentations record today (see the README's table). Each can be disabled by name.
 */
public final class BuiltInRules {

    public static final String SPAN_LINK = "span-link";
    public static final String MESSAGING_ID = "messaging-id";
    public static final String KAFKA_OFFSET = "kafka-offset";
    public static final String LAMBDA_INVOKE = "lambda-invoke";
    public static final String S3_OBJECT = "s3-object";

    public static final List<String> NAMES = List.of(SPAN_LINK, MESSAGING_ID, KAFKA_OFFSET, LAMBDA_INVOKE, S3_OBJECT);

    private static final Set<String> S3_WRITES = Set.of("PutObject", "CopyObject", "CompleteMultipartUpload");

    private BuiltInRules() {
    }

    /** The built-in rules, each with the given window, minus the disabled ones. */
    public static List<CorrelationRule> create(long windowNanos, Set<String> disabled) {
        MatchPolicy all = new MatchPolicy(windowNanos, false);
        List<CorrelationRule> rules = new ArrayList<>();
        rules.add(new KeyedRule(SPAN_LINK, all, BuiltInRules::linkableSpan, BuiltInRules::linkedSpans));
        rules.add(new KeyedRule(MESSAGING_ID, all, BuiltInRules::producedMessageId, BuiltInRules::consumedMessageIds));
        rules.add(new KeyedRule(KAFKA_OFFSET, all,
                span -> isMessageProducer(span) ? kafkaOffset(span) : List.of(),
                span -> isMessageConsumer(span) ? kafkaOffset(span) : List.of()));
        rules.add(new KeyedRule(LAMBDA_INVOKE, all, BuiltInRules::lambdaRequestId, BuiltInRules::invocationId));
        // A bucket key is overwritten in place: only the latest write before the trigger caused it.
        rules.add(new KeyedRule(S3_OBJECT, new MatchPolicy(windowNanos, true), BuiltInRules::s3Write,
                BuiltInRules::s3Trigger));
        rules.removeIf(rule -> disabled.contains(rule.name()));
        return List.copyOf(rules);
    }

    /**
     * The producer side of a link: the span's own id, recorded only for spans that hand
     * messages on (PRODUCER, or a send-type CLIENT span), the spans consumers' links point at.
     * Recording every span would double the ledger's write load for links that never come.
     */
    private static List<String> linkableSpan(Span span) {
        boolean sender = isMessageProducer(span)
                || span.kind() == SpanKind.CLIENT && span.attributes().get("messaging.system") != null;
        return sender ? List.of(spanLinkKey(span.traceId(), span.spanId())) : List.of();
    }

    /**
     * Links name their producer span exactly, so the key is the linked span itself
     * ({@code traceId:spanId}). A link to the span's own parent adds nothing and is skipped.
     */
    private static List<String> linkedSpans(Span span) {
        if (span.links().isEmpty()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(span.links().size());
        for (SpanLink link : span.links()) {
            boolean parent = link.traceId().equals(span.traceId()) && link.spanId().equals(span.parentSpanId());
            if (!parent) {
                keys.add(spanLinkKey(link.traceId(), link.spanId()));
            }
        }
        return keys;
    }

    static String spanLinkKey(String traceId, String spanId) {
        return traceId + ":" + spanId;
    }

    /**
     * Message ids are unique per broker (UUIDs for SQS and SNS), and {@code messaging.system}
     * is spelled differently across generations ({@code aws_sqs}, {@code aws.sns}), so the id
     * alone is the key.
     */
    private static List<String> producedMessageId(Span span) {
        String id = isMessageProducer(span) ? firstText(span, "messaging.message.id", "messaging.message_id") : null;
        return id == null ? List.of() : List.of(id);
    }

    /** A consumer names its message as an attribute, or one per link when it took a batch. */
    private static List<String> consumedMessageIds(Span span) {
        if (!isMessageConsumer(span) && span.kind() != SpanKind.SERVER) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        String own = isMessageConsumer(span) ? firstText(span, "messaging.message.id", "messaging.message_id") : null;
        if (own != null) {
            ids.add(own);
        }
        for (SpanLink link : span.links()) {
            String id = link.attributes().getText("messaging.message.id");
            if (id != null && !id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static List<String> kafkaOffset(Span span) {
        String system = span.attributes().getText("messaging.system");
        if (system != null && !system.equals("kafka")) {
            return List.of();
        }
        String topic = firstText(span, "messaging.destination.name", "messaging.destination");
        String partition = firstText(span, "messaging.destination.partition.id", "messaging.kafka.destination.partition",
                "messaging.kafka.partition");
        String offset = firstText(span, "messaging.kafka.offset", "messaging.kafka.message.offset");
        return topic == null || partition == null || offset == null
                ? List.of() : List.of(topic + "|" + partition + "|" + offset);
    }

    private static List<String> lambdaRequestId(Span span) {
        String id = span.kind() == SpanKind.CLIENT && isRpc(span, "Lambda", "Invoke")
                ? firstText(span, "aws.request_id", "aws.requestId") : null;
        return id == null ? List.of() : List.of(id);
    }

    private static List<String> invocationId(Span span) {
        String id = span.kind() == SpanKind.SERVER ? firstText(span, "faas.invocation_id", "faas.execution") : null;
        return id == null ? List.of() : List.of(id);
    }

    private static List<String> s3Write(Span span) {
        if (span.kind() != SpanKind.CLIENT || !"S3".equals(span.attributes().getText("rpc.service"))
                || !S3_WRITES.contains(span.attributes().getText("rpc.method"))) {
            return List.of();
        }
        String bucket = firstText(span, "aws.s3.bucket");
        String key = firstText(span, "aws.s3.key");
        return bucket == null || key == null ? List.of() : List.of(bucket + "/" + key);
    }

    private static List<String> s3Trigger(Span span) {
        if (!"datasource".equals(span.attributeText("faas.trigger"))) {
            return List.of();
        }
        String bucket = firstText(span, "faas.document.collection");
        String key = firstText(span, "faas.document.name");
        return bucket == null || key == null ? List.of() : List.of(bucket + "/" + key);
    }
}
