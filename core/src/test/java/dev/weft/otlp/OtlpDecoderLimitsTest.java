package dev.weft.otlp;

import com.google.protobuf.ByteString;
import dev.weft.model.Attributes;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static dev.weft.otlp.OtlpRoundTripTest.T0;
import static dev.weft.otlp.OtlpRoundTripTest.id;
import static dev.weft.otlp.OtlpRoundTripTest.kv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each limit of {@link IngestLimits} at its boundary: one past it is rejected or cut, exactly at
 * it is left alone, and the neighbours in the same request come out as if there were no limits.
 */
class OtlpDecoderLimitsTest {

    static final long NOW = T0;
    static final Duration PAST = Duration.ofHours(1);
    static final Duration FUTURE = Duration.ofMinutes(1);
    /** 3 items per request, 2 attributes per item, values of 5 characters or bytes. */
    static final IngestLimits LIMITS = new IngestLimits(3, 2, 5, PAST, FUTURE);

    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    static Span.Builder span(int n) {
        return Span.newBuilder().setTraceId(id(TRACE)).setSpanId(id("%016x".formatted(n))).setName("s" + n)
                .setStartTimeUnixNano(NOW - 1_000).setEndTimeUnixNano(NOW);
    }

    static AnyValue str(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }

    static KeyValue attribute(String key, String value) {
        return kv(key, str(value));
    }

    static ExportTraceServiceRequest traces(Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (Span.Builder span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
                .build();
    }

    static LogRecord.Builder log(String body) {
        return LogRecord.newBuilder().setTimeUnixNano(NOW).setBody(str(body));
    }

    static ExportLogsServiceRequest logs(LogRecord.Builder... records) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (LogRecord.Builder record : records) {
            scope.addLogRecords(record);
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(scope))
                .build();
    }

    static Metric gauge(String name, long... times) {
        Gauge.Builder gauge = Gauge.newBuilder();
        for (long time : times) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(time).setAsInt(time - NOW)
                    .addAttributes(attribute("a", "long value, never cut")).addAttributes(attribute("b", "x"))
                    .addAttributes(attribute("c", "y")));
        }
        return Metric.newBuilder().setName(name).setGauge(gauge).build();
    }

    static ExportMetricsServiceRequest metrics(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics)))).build();
    }

    static Decoded<dev.weft.model.Span> limited(ExportTraceServiceRequest request) {
        return OtlpDecoder.spans(request, LIMITS, NOW);
    }

    /** What the request decodes to without limits, to prove that neighbours are left exactly as they were. */
    static List<dev.weft.model.Span> unlimited(ExportTraceServiceRequest request) {
        return OtlpDecoder.spans(request).accepted();
    }

    // --- items per request

    @Test
    void itemsPastTheLimitAreRejectedAndTheFirstOnesKept() {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(1)).addSpans(span(2)))
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(3)).addSpans(span(4))))
                .addResourceSpans(ResourceSpans.newBuilder()
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(5))))
                .build();

        Decoded<dev.weft.model.Span> decoded = limited(request);

        assertThat(decoded.accepted()).isEqualTo(unlimited(request).subList(0, 3));
        assertThat(decoded.rejected()).isEqualTo(2);
        assertThat(decoded.errorMessage()).isEqualTo("2 spans rejected: the request holds 5 spans, more than the "
                + "limit of 3 per request: those after the first 3 are rejected");
    }

    @Test
    void exactlyTheLimitIsAccepted() {
        ExportTraceServiceRequest request = traces(span(1), span(2), span(3));

        Decoded<dev.weft.model.Span> decoded = limited(request);

        assertThat(decoded.accepted()).isEqualTo(unlimited(request));
        assertThat(decoded.rejected()).isZero();
        assertThat(decoded.errorMessage()).isEmpty();
    }

    @Test
    void invalidItemsCountTowardsTheLimitAndTheLimitIsExplainedFirst() {
        ExportTraceServiceRequest request = traces(span(1), span(2).clearSpanId(), span(3), span(4));

        Decoded<dev.weft.model.Span> decoded = limited(request);

        assertThat(decoded.accepted()).extracting(dev.weft.model.Span::name).containsExactly("s1", "s3");
        assertThat(decoded.rejected()).isEqualTo(2);
        assertThat(decoded.errorMessage()).isEqualTo("2 spans rejected: the request holds 4 spans, more than the "
                + "limit of 3 per request: those after the first 3 are rejected; span 's2': span_id must be 8 bytes, got 0");
    }

    @Test
    void logRecordsPastTheLimitAreRejected() {
        Decoded<dev.weft.model.LogRecord> decoded =
                OtlpDecoder.logs(logs(log("a"), log("b"), log("c"), log("d")), LIMITS, NOW);

        assertThat(decoded.accepted()).extracting(l -> l.body().asText()).containsExactly("a", "b", "c");
        assertThat(decoded.rejected()).isEqualTo(1);
        assertThat(decoded.errorMessage()).startsWith("1 log record rejected: the request holds 4 log records");
    }

    @Test
    void dataPointsAreTheItemsOfAMetricsRequestCutInsideAMetric() {
        ExportMetricsServiceRequest request = metrics(gauge("first", NOW, NOW - 1), gauge("second", NOW - 2, NOW - 3),
                Metric.newBuilder().setName("no data").build());

        Decoded<dev.weft.model.MetricPoint> decoded = OtlpDecoder.metrics(request, LIMITS, NOW);

        assertThat(decoded.accepted()).isEqualTo(OtlpDecoder.metrics(request).accepted().subList(0, 3));
        assertThat(decoded.accepted()).extracting(p -> p.metric().name()).containsExactly("first", "first", "second");
        assertThat(decoded.rejected()).isEqualTo(2);
        assertThat(decoded.errorMessage()).startsWith("2 data points rejected: the request holds 5 data points");
    }

    // --- attributes per item

    @Test
    void attributesPastTheLimitAreDroppedAndCountedOnEveryKindOfItem() {
        List<KeyValue> three = List.of(attribute("a", "1"), attribute("b", "2"), attribute("c", "3"));
        Span.Builder crowded = span(1).addAllAttributes(three).setDroppedAttributesCount(4)
                .addEvents(Span.Event.newBuilder().setName("e").setTimeUnixNano(NOW).addAllAttributes(three))
                .addLinks(Span.Link.newBuilder().setTraceId(id(TRACE)).setSpanId(id("0000000000000009"))
                        .addAllAttributes(three).setDroppedAttributesCount(1));
        Span.Builder atLimit = span(2).addAllAttributes(three.subList(0, 2))
                .addEvents(Span.Event.newBuilder().setName("e").addAllAttributes(three.subList(0, 2)));
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAllAttributes(three))
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("lib").addAllAttributes(three))
                                .addSpans(crowded).addSpans(atLimit)))
                .build();

        Decoded<dev.weft.model.Span> decoded = limited(request);

        Attributes firstTwo = OtlpDecoder.spans(traces(span(9).addAllAttributes(three.subList(0, 2)))).accepted()
                .getFirst().attributes();
        dev.weft.model.Span cut = decoded.accepted().getFirst();
        assertThat(cut.attributes()).isEqualTo(firstTwo);
        assertThat(cut.droppedAttributesCount()).isEqualTo(5);
        assertThat(cut.events().getFirst().attributes()).isEqualTo(firstTwo);
        assertThat(cut.events().getFirst().droppedAttributesCount()).isEqualTo(1);
        assertThat(cut.links().getFirst().attributes()).isEqualTo(firstTwo);
        assertThat(cut.links().getFirst().droppedAttributesCount()).isEqualTo(2);
        assertThat(cut.resource().attributes()).isEqualTo(firstTwo);
        assertThat(cut.resource().droppedAttributesCount()).isEqualTo(1);
        assertThat(cut.scope().attributes()).isEqualTo(firstTwo);
        assertThat(cut.scope().droppedAttributesCount()).isEqualTo(1);
        // Span, event, link, and the resource and scope once for the whole group.
        assertThat(decoded.truncations()).isEqualTo(5);
        assertThat(decoded.rejected()).isZero();

        dev.weft.model.Span untouched = decoded.accepted().get(1);
        dev.weft.model.Span unlimited = unlimited(request).get(1);
        assertThat(untouched.attributes()).isEqualTo(unlimited.attributes());
        assertThat(untouched.droppedAttributesCount()).isZero();
        assertThat(untouched.events()).isEqualTo(unlimited.events());
    }

    @Test
    void logRecordAttributesPastTheLimitAreDropped() {
        ExportLogsServiceRequest request = logs(
                log("crowded").addAttributes(attribute("a", "1")).addAttributes(attribute("b", "2"))
                        .addAttributes(attribute("c", "3")),
                log("at limit").addAttributes(attribute("a", "1")).addAttributes(attribute("b", "2")));

        Decoded<dev.weft.model.LogRecord> decoded = OtlpDecoder.logs(request, LIMITS, NOW);

        assertThat(decoded.accepted().getFirst().attributes().asMap()).containsOnlyKeys("a", "b");
        assertThat(decoded.accepted().getFirst().droppedAttributesCount()).isEqualTo(1);
        assertThat(decoded.accepted().get(1)).isEqualTo(OtlpDecoder.logs(request).accepted().get(1));
        assertThat(decoded.truncations()).isEqualTo(1);
    }

    @Test
    void droppedCountSaturatesAtTheLargestUint32() {
        Span.Builder crowded = span(1).addAttributes(attribute("a", "1")).addAttributes(attribute("b", "2"))
                .addAttributes(attribute("c", "3")).setDroppedAttributesCount(-2); // 2^32 - 2 as uint32

        dev.weft.model.Span cut = limited(traces(crowded)).accepted().getFirst();

        assertThat(Integer.toUnsignedLong(cut.droppedAttributesCount())).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void metricPointAttributesAreNeverCut() {
        ExportMetricsServiceRequest request = metrics(gauge("m", NOW));

        Decoded<dev.weft.model.MetricPoint> decoded = OtlpDecoder.metrics(request, LIMITS, NOW);

        assertThat(decoded.accepted()).isEqualTo(OtlpDecoder.metrics(request).accepted());
        assertThat(decoded.truncations()).isZero();
    }

    // --- attribute value length

    @Test
    void longValuesAreCutAlsoInsideArraysAndMapsAndCounted() {
        AnyValue array = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(str("123456"))
                .addValues(str("12345")).addValues(AnyValue.newBuilder().setIntValue(1234567))).build();
        AnyValue map = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                .addValues(attribute("inner", "abcdefg"))).build();
        Span.Builder longValues = span(1).addAttributes(attribute("s", "123456")).addAttributes(kv("arr", array));
        Span.Builder longerValues = span(2).addAttributes(kv("map", map))
                .addAttributes(kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[6])).build()));
        Span.Builder atLimit = span(3).addAttributes(attribute("s", "12345"))
                .addAttributes(kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[5])).build()));
        ExportTraceServiceRequest request = traces(longValues, longerValues, atLimit);

        Decoded<dev.weft.model.Span> decoded = limited(request);

        List<dev.weft.model.Span> spans = decoded.accepted();
        assertThat(spans.get(0).attributes().getText("s")).isEqualTo("12345");
        assertThat(spans.get(0).attributes().getText("arr")).isEqualTo("[12345, 12345, 1234567]");
        assertThat(spans.get(1).attributes().getText("map")).isEqualTo("{inner=abcde}");
        assertThat(spans.get(1).attributes().getText("bytes")).isEqualTo("0000000000");
        assertThat(spans.get(0).droppedAttributesCount()).isZero();
        assertThat(spans.get(2)).isEqualTo(unlimited(request).get(2));
        assertThat(decoded.truncations()).isEqualTo(4);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        ExportTraceServiceRequest request = traces(span(1).addAttributes(attribute("s", "abcd" + emoji)),
                span(2).addAttributes(attribute("s", "abc" + emoji)));

        List<dev.weft.model.Span> spans = limited(request).accepted();

        assertThat(spans.get(0).attributes().getText("s")).isEqualTo("abcd");
        assertThat(spans.get(1).attributes().getText("s")).isEqualTo("abc" + emoji);
    }

    @Test
    void logBodiesAreNotAttributesAndStayWhole() {
        ExportLogsServiceRequest request = logs(log("a body longer than five characters"));

        assertThat(OtlpDecoder.logs(request, LIMITS, NOW).accepted()).isEqualTo(OtlpDecoder.logs(request).accepted());
    }

    // --- time window

    @Test
    void spanStartTimesAreCheckedAgainstTheTimeReceivedBoundariesIncluded() {
        long oldest = NOW - PAST.toNanos();
        long newest = NOW + FUTURE.toNanos();
        ExportTraceServiceRequest request = traces(
                span(1).setStartTimeUnixNano(oldest).setEndTimeUnixNano(oldest),
                span(2).setName("too old").setStartTimeUnixNano(oldest - 1).setEndTimeUnixNano(NOW),
                span(3).setStartTimeUnixNano(newest).setEndTimeUnixNano(newest),
                span(4).setName("too new").setStartTimeUnixNano(newest + 1).setEndTimeUnixNano(newest + 1));

        Decoded<dev.weft.model.Span> decoded = OtlpDecoder.spans(request, new IngestLimits(4, 2, 5, PAST, FUTURE), NOW);

        List<dev.weft.model.Span> unlimited = unlimited(request);
        assertThat(decoded.accepted()).containsExactly(unlimited.get(0), unlimited.get(2));
        assertThat(decoded.rejected()).isEqualTo(2);
        assertThat(decoded.errorMessage()).isEqualTo("2 spans rejected: "
                + "span 'too old': start_time_unix_nano 2025-12-31T22:59:59.999999999Z is more than PT1H before the "
                + "time the request was received, 2026-01-01T00:00:00Z; "
                + "span 'too new': start_time_unix_nano 2026-01-01T00:01:00.000000001Z is more than PT1M after the "
                + "time the request was received, 2026-01-01T00:00:00Z");
    }

    @Test
    void timesPast2262AreUnsignedAndFarInTheFuture() {
        ExportTraceServiceRequest request = traces(span(1).setStartTimeUnixNano(-1).setEndTimeUnixNano(-1));

        assertThat(limited(request).errorMessage()).contains("start_time_unix_nano 2554-07-21T23:34:33.709551615Z is more than");
        assertThat(OtlpDecoder.spans(request).accepted()).hasSize(1);
    }

    @Test
    void logRecordsAreCheckedByTheirTimeElseTheirObservedTime() {
        long tooOld = NOW - PAST.toNanos() - 1;
        ExportLogsServiceRequest request = logs(
                log("old event").setTimeUnixNano(tooOld).setObservedTimeUnixNano(NOW),
                log("old event seen late").setTimeUnixNano(0).setObservedTimeUnixNano(tooOld),
                log("new event seen late").setTimeUnixNano(NOW).setObservedTimeUnixNano(tooOld));

        Decoded<dev.weft.model.LogRecord> decoded = OtlpDecoder.logs(request, LIMITS, NOW);

        assertThat(decoded.accepted()).extracting(l -> l.body().asText()).containsExactly("new event seen late");
        assertThat(decoded.errorMessage()).contains("log record: time_unix_nano 2025-12-31T22:59:59.999999999Z",
                "log record: observed_time_unix_nano 2025-12-31T22:59:59.999999999Z");
    }

    @Test
    void dataPointsAreCheckedByTheirTime() {
        ExportMetricsServiceRequest request = metrics(gauge("m", NOW - PAST.toNanos(), NOW + FUTURE.toNanos() + 1));

        Decoded<dev.weft.model.MetricPoint> decoded = OtlpDecoder.metrics(request, LIMITS, NOW);

        assertThat(decoded.accepted()).containsExactly(OtlpDecoder.metrics(request).accepted().getFirst());
        assertThat(decoded.errorMessage()).isEqualTo("1 data point rejected: metric m: data point time_unix_nano "
                + "2026-01-01T00:01:00.000000001Z is more than PT1M after the time the request was received, "
                + "2026-01-01T00:00:00Z");
    }

    @Test
    void aReplayIsJudgedByTheTimeItWasFirstReceived() {
        ExportTraceServiceRequest request = traces(span(1));

        assertThat(OtlpDecoder.spans(request, LIMITS, NOW).accepted()).hasSize(1);
        assertThat(OtlpDecoder.spans(request, LIMITS, NOW + Duration.ofDays(1).toNanos()).accepted()).isEmpty();
    }

    // --- invalid items are still rejected, whatever the limits

    @Test
    void truncationsOfRejectedItemsAreNotCounted() {
        Span.Builder invalid = span(1).addAttributes(attribute("s", "123456")).setEndTimeUnixNano(0);

        Decoded<dev.weft.model.Span> decoded = limited(traces(invalid));

        assertThat(decoded.rejected()).isEqualTo(1);
        assertThat(decoded.errorMessage()).contains("end_time_unix_nano is before start_time_unix_nano");
        assertThat(decoded.truncations()).isZero();
    }

    // --- unlimited and defaults

    @Test
    void unlimitedKeepsEverythingAsSent() {
        Span.Builder huge = span(1).setStartTimeUnixNano(1).setEndTimeUnixNano(2)
                .addAllAttributes(IntStream.range(0, 200).mapToObj(i -> attribute("k" + i, "v".repeat(20_000))).toList());
        ExportTraceServiceRequest request = traces(huge, span(2).setStartTimeUnixNano(-1).setEndTimeUnixNano(-1));

        Decoded<dev.weft.model.Span> decoded = OtlpDecoder.spans(request, IngestLimits.unlimited(), NOW);

        assertThat(decoded.accepted()).isEqualTo(OtlpDecoder.spans(request).accepted()).hasSize(2);
        assertThat(decoded.accepted().getFirst().attributes().size()).isEqualTo(200);
        assertThat(decoded.truncations()).isZero();
        assertThat(decoded.rejected()).isZero();
    }

    @Test
    void defaults() {
        assertThat(IngestLimits.defaults())
                .isEqualTo(new IngestLimits(100_000, 128, 16_384, Duration.ofDays(7), Duration.ofHours(1)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void invalidLimitsAreRefused(int which) {
        assertThatThrownBy(() -> new IngestLimits(which == 0 ? 0 : 1, which == 1 ? -1 : 0, which == 2 ? -1 : 0,
                which == 3 ? Duration.ofSeconds(-1) : Duration.ZERO, which == 4 ? null : Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
