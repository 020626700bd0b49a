package dev.weft.correlation.rules;

import dev.weft.correlation.ledger.CorrelationKey;
import dev.weft.correlation.ledger.Side;
import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Span;
import dev.weft.model.SpanKind;
import dev.weft.model.SpanLink;
import dev.weft.model.Status;
import dev.weft.testing.TestTelemetry;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

/** Keys the built-in rules find on spans shaped as the OpenTelemetry instrumentations emit them. */
class BuiltInRulesTest {

    static final long DAY = 86_400_000_000_000L;
    final KeyExtractor extractor = new KeyExtractor(BuiltInRules.create(DAY, Set.of()));

    static Span span(SpanKind kind, String name, Map<String, AnyValue> attributes, List<SpanLink> links) {
        Span base = TestTelemetry.span(traceId(1), spanId(1), "", "svc", name, T0, 1_000_000);
        return new Span(base.traceId(), base.spanId(), "", "", 1, name, kind, T0, T0 + 1_000_000,
                Attributes.of(attributes), 0, List.of(), 0, links, 0, Status.UNSET, base.resource(), base.scope());
    }

    static Map<String, AnyValue> attrs(String... kv) {
        Map<String, AnyValue> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], AnyValue.of(kv[i + 1]));
        }
        return map;
    }

    List<String> keys(Span span) {
        return extractor.extract(List.of(span)).stream().map(k -> k.rule() + "/" + k.side() + "/" + k.key()).toList();
    }

    @Test
    void sqsSendAndProcessByMessageIdInBothConventionGenerations() {
        assertThat(keys(span(SpanKind.PRODUCER, "orders send",
                attrs("messaging.system", "aws_sqs", "messaging.message.id", "m-1"), List.of())))
                .containsExactly("span-link/PRODUCER/" + traceId(1) + ":" + spanId(1), "messaging-id/PRODUCER/m-1");
        assertThat(keys(span(SpanKind.CLIENT, "orders publish",
                attrs("messaging.system", "aws.sns", "messaging.operation", "publish", "messaging.message.id", "m-2"), List.of())))
                .containsExactly("span-link/PRODUCER/" + traceId(1) + ":" + spanId(1), "messaging-id/PRODUCER/m-2");
        assertThat(keys(span(SpanKind.CLIENT, "SNS.Publish",
                attrs("rpc.service", "SNS", "rpc.method", "Publish", "messaging.message.id", "m-3"), List.of())))
                .containsExactly("span-link/PRODUCER/" + traceId(1) + ":" + spanId(1), "messaging-id/PRODUCER/m-3");
        assertThat(keys(span(SpanKind.CONSUMER, "orders process",
                attrs("messaging.system", "aws_sqs", "messaging.operation.type", "process", "messaging.message.id", "m-1"), List.of())))
                .containsExactly("messaging-id/CONSUMER/m-1");
        assertThat(keys(span(SpanKind.CLIENT, "orders receive",
                attrs("messaging.operation.type", "receive", "messaging.message.id", "m-4"), List.of())))
                .containsExactly("messaging-id/CONSUMER/m-4");
        assertThat(keys(span(SpanKind.INTERNAL, "noise", attrs("messaging.message.id", "m-5"), List.of()))).isEmpty();
    }

    @Test
    void aBatchConsumerHasOneKeyPerLinkAndItsLinkedSpans() {
        List<SpanLink> links = List.of(
                new SpanLink(traceId(7), spanId(70), "", Attributes.of("messaging.message.id", AnyValue.of("a")), 0, 1),
                new SpanLink(traceId(8), spanId(80), "", Attributes.of("messaging.message.id", AnyValue.of("b")), 0, 1));
        assertThat(keys(span(SpanKind.CONSUMER, "orders process", attrs("messaging.system", "aws_sqs"), links)))
                .containsExactlyInAnyOrder("span-link/CONSUMER/" + traceId(7) + ":" + spanId(70),
                        "span-link/CONSUMER/" + traceId(8) + ":" + spanId(80),
                        "messaging-id/CONSUMER/a", "messaging-id/CONSUMER/b");
    }

    @Test
    void kafkaByTopicPartitionAndOffsetInBothGenerations() {
        assertThat(keys(span(SpanKind.PRODUCER, "orders publish", attrs("messaging.system", "kafka",
                "messaging.destination.name", "orders", "messaging.destination.partition.id", "3",
                "messaging.kafka.offset", "42"), List.of()))).contains("kafka-offset/PRODUCER/orders|3|42");
        assertThat(keys(span(SpanKind.CONSUMER, "orders process", attrs("messaging.system", "kafka",
                "messaging.destination.name", "orders", "messaging.kafka.destination.partition", "3",
                "messaging.kafka.message.offset", "42"), List.of()))).containsExactly("kafka-offset/CONSUMER/orders|3|42");
        assertThat(keys(span(SpanKind.CONSUMER, "orders process", attrs("messaging.system", "rabbitmq",
                "messaging.destination.name", "orders", "messaging.destination.partition.id", "3",
                "messaging.kafka.offset", "42"), List.of()))).isEmpty();
    }

    @Test
    void lambdaInvokeByRequestIdAndS3ByBucketAndKey() {
        assertThat(keys(span(SpanKind.CLIENT, "GET /stock", attrs("http.request.method", "GET"), List.of())))
                .as("an ordinary client call is no link target").isEmpty();
        assertThat(keys(span(SpanKind.CLIENT, "Lambda.Invoke",
                attrs("rpc.system", "aws-api", "rpc.service", "Lambda", "rpc.method", "Invoke", "aws.request_id", "r-1"),
                List.of()))).containsExactly("lambda-invoke/PRODUCER/r-1");
        assertThat(keys(span(SpanKind.SERVER, "billing", attrs("faas.invocation_id", "r-1"), List.of())))
                .containsExactly("lambda-invoke/CONSUMER/r-1");
        assertThat(keys(span(SpanKind.CLIENT, "S3.PutObject",
                attrs("rpc.service", "S3", "rpc.method", "PutObject", "aws.s3.bucket", "invoices", "aws.s3.key", "2026/1.pdf"),
                List.of()))).containsExactly("s3-object/PRODUCER/invoices/2026/1.pdf");
        assertThat(keys(span(SpanKind.CLIENT, "S3.GetObject",
                attrs("rpc.service", "S3", "rpc.method", "GetObject", "aws.s3.bucket", "invoices", "aws.s3.key", "2026/1.pdf"),
                List.of()))).isEmpty();
        assertThat(keys(span(SpanKind.SERVER, "thumbnail", attrs("faas.trigger", "datasource",
                "faas.document.collection", "invoices", "faas.document.name", "2026/1.pdf",
                "faas.document.operation", "insert"), List.of())))
                .containsExactly("s3-object/CONSUMER/invoices/2026/1.pdf");
    }

    @Test
    void disabledRulesFindNothing() {
        KeyExtractor noMessaging = new KeyExtractor(BuiltInRules.create(DAY, Set.of("messaging-id", "span-link")));
        List<CorrelationKey> keys = noMessaging.extract(List.of(span(SpanKind.PRODUCER, "send",
                attrs("messaging.message.id", "m-1"), List.of())));
        assertThat(keys).isEmpty();
    }

    @Test
    void keysCarryTheSpanAndItsTimes() {
        CorrelationKey key = extractor.extract(List.of(span(SpanKind.PRODUCER, "send",
                attrs("messaging.message.id", "m-1"), List.of()))).getLast();
        assertThat(key.rule()).isEqualTo("messaging-id");
        assertThat(key.side()).isEqualTo(Side.PRODUCER);
        assertThat(key.span().traceId()).isEqualTo(traceId(1));
        assertThat(key.span().spanId()).isEqualTo(spanId(1));
        assertThat(key.serviceName()).isEqualTo("svc");
        assertThat(key.startUnixNano()).isEqualTo(T0);
        assertThat(key.endUnixNano()).isEqualTo(T0 + 1_000_000);
    }
}
