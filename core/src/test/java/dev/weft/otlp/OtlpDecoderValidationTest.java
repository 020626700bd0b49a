package dev.weft.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static dev.weft.otlp.OtlpRoundTripTest.T0;
import static dev.weft.otlp.OtlpRoundTripTest.id;
import static org.assertj.core.api.Assertions.assertThat;

/** Invalid items are rejected one by one, with a reason, and never take the valid rest down. */
class OtlpDecoderValidationTest {

    static final Span VALID = Span.newBuilder().setTraceId(id("0af7651916cd43dd8448eb211c80319c"))
            .setSpanId(id("b7ad6b7169203331")).setName("ok").setStartTimeUnixNano(T0).setEndTimeUnixNano(T0 + 1).build();

    static Stream<Arguments> invalidSpans() {
        return Stream.of(
                Arguments.of(VALID.toBuilder().setTraceId(ByteString.copyFrom(new byte[15])), "trace_id must be 16 bytes, got 15"),
                Arguments.of(VALID.toBuilder().setTraceId(ByteString.copyFrom(new byte[16])), "trace_id is all zeros"),
                Arguments.of(VALID.toBuilder().clearTraceId(), "trace_id must be 16 bytes, got 0"),
                Arguments.of(VALID.toBuilder().setSpanId(ByteString.copyFrom(new byte[8])), "span_id is all zeros"),
                Arguments.of(VALID.toBuilder().setSpanId(id("0102")), "span_id must be 8 bytes, got 2"),
                Arguments.of(VALID.toBuilder().setParentSpanId(id("010203")), "parent_span_id must be 8 bytes, got 3"),
                Arguments.of(VALID.toBuilder().setEndTimeUnixNano(T0 - 1), "end_time_unix_nano is before start_time_unix_nano"),
                Arguments.of(VALID.toBuilder().setStartTimeUnixNano(0).setEndTimeUnixNano(0), "start_time_unix_nano is missing"),
                Arguments.of(VALID.toBuilder().setKindValue(9), "kind 9 is not a known value"),
                Arguments.of(VALID.toBuilder().addLinks(Span.Link.newBuilder().setTraceId(id("01")).setSpanId(id("0102030405060708"))),
                        "links.trace_id must be 16 bytes, got 1"));
    }

    @ParameterizedTest
    @MethodSource("invalidSpans")
    void rejectsAnInvalidSpanAndKeepsTheRest(Span.Builder invalid, String reason) {
        Span bad = invalid.setName("bad").build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder()
                        .addSpans(VALID).addSpans(bad).addSpans(VALID.toBuilder().setSpanId(id("0000000000000001")))))
                .build();

        Decoded<dev.weft.model.Span> decoded = OtlpDecoder.spans(request);

        assertThat(decoded.accepted()).extracting(dev.weft.model.Span::spanId)
                .containsExactly("b7ad6b7169203331", "0000000000000001");
        assertThat(decoded.rejected()).isEqualTo(1);
        assertThat(decoded.errorMessage()).isEqualTo("1 span rejected: span 'bad': " + reason);
    }

    @Test
    void summarisesManyRejections() {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < 8; i++) {
            scope.addSpans(VALID.toBuilder().clearSpanId().setName("s" + i));
        }
        Decoded<dev.weft.model.Span> decoded = OtlpDecoder.spans(ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope)).build());

        assertThat(decoded.rejected()).isEqualTo(8);
        assertThat(decoded.errorMessage()).startsWith("8 spans rejected: span 's0': span_id must be 8 bytes")
                .endsWith("; ...").doesNotContain("'s5'");
    }

    @Test
    void logsWithoutTraceContextOrWithAZeroIdAreValidAndBadOnesRejected() {
        LogRecord ok = LogRecord.newBuilder().setTimeUnixNano(T0).build();
        LogRecord zeroContext = ok.toBuilder().setTraceId(ByteString.copyFrom(new byte[16]))
                .setSpanId(ByteString.copyFrom(new byte[8])).build();
        LogRecord shortTrace = ok.toBuilder().setTraceId(id("0102")).build();
        LogRecord noTime = LogRecord.newBuilder().build();
        LogRecord badSeverity = ok.toBuilder().setSeverityNumberValue(99).build();
        Decoded<dev.weft.model.LogRecord> decoded = OtlpDecoder.logs(ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(ok).addLogRecords(zeroContext).addLogRecords(shortTrace)
                        .addLogRecords(noTime).addLogRecords(badSeverity)))
                .build());

        assertThat(decoded.accepted()).hasSize(2).allSatisfy(l -> assertThat(l.traceId()).isEmpty());
        assertThat(decoded.rejected()).isEqualTo(3);
        assertThat(decoded.errorMessage()).contains("trace_id must be 16 bytes, got 2",
                "neither time_unix_nano nor observed_time_unix_nano is set", "severity_number 99 is outside 0..24");
    }

    @Test
    void rejectsBadDataPointsAndKeepsTheRest() {
        NumberDataPoint good = NumberDataPoint.newBuilder().setTimeUnixNano(T0).setAsDouble(1).build();
        NumberDataPoint noValue = NumberDataPoint.newBuilder().setTimeUnixNano(T0).build();
        NumberDataPoint noTime = NumberDataPoint.newBuilder().setAsInt(1).build();
        HistogramDataPoint badBuckets = HistogramDataPoint.newBuilder().setTimeUnixNano(T0).addBucketCounts(1)
                .addBucketCounts(2).build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("g").setGauge(Gauge.newBuilder()
                                .addDataPoints(good).addDataPoints(noValue).addDataPoints(noTime)))
                        .addMetrics(Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                                .addDataPoints(badBuckets)))
                        .addMetrics(Metric.newBuilder().setGauge(Gauge.newBuilder().addDataPoints(good)))
                        .addMetrics(Metric.newBuilder().setName("nodata"))))
                .build();

        Decoded<dev.weft.model.MetricPoint> decoded = OtlpDecoder.metrics(request);

        assertThat(decoded.accepted()).hasSize(1);
        assertThat(decoded.rejected()).isEqualTo(5);
        assertThat(decoded.errorMessage()).contains("number data point has no value", "time_unix_nano is missing",
                "2 bucket counts for 0 explicit bounds", "metric: name is empty", "metric nodata: has no data");
    }
}
