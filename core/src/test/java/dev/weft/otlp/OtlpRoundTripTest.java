package dev.weft.otlp;

import com.google.protobuf.ByteString;
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
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every OTLP field a client can set survives decoding and encoding. */
class OtlpRoundTripTest {

    static final long T0 = 1_767_225_600_000_000_000L;

    static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    /** One attribute of each AnyValue variant, nested ones included. */
    static Iterable<KeyValue> everyValueType() {
        return java.util.List.of(
                kv("str", AnyValue.newBuilder().setStringValue("hello").build()),
                kv("bool", AnyValue.newBuilder().setBoolValue(true).build()),
                kv("int", AnyValue.newBuilder().setIntValue(Long.MIN_VALUE).build()),
                kv("double", AnyValue.newBuilder().setDoubleValue(-0.25).build()),
                kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[]{0, -1, 7})).build()),
                kv("array", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("a"))
                        .addValues(AnyValue.newBuilder().setIntValue(2))).build()),
                kv("map", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("inner", AnyValue.newBuilder().setDoubleValue(1.5).build()))).build()),
                kv("empty", AnyValue.getDefaultInstance()));
    }

    static Resource resource() {
        return Resource.newBuilder().addAttributes(kv("service.name", AnyValue.newBuilder().setStringValue("api").build()))
                .addAllAttributes(everyValueType()).setDroppedAttributesCount(3).build();
    }

    static InstrumentationScope scope() {
        return InstrumentationScope.newBuilder().setName("io.weft.test").setVersion("2.1")
                .addAllAttributes(everyValueType()).setDroppedAttributesCount(1).build();
    }

    @Test
    void spansRoundTrip() {
        Span span = Span.newBuilder()
                .setTraceId(id("0af7651916cd43dd8448eb211c80319c")).setSpanId(id("b7ad6b7169203331"))
                .setParentSpanId(id("00f067aa0ba902b7")).setTraceState("rojo=00f067aa0ba902b7").setFlags(0x301)
                .setName("POST /orders").setKind(Span.SpanKind.SPAN_KIND_PRODUCER)
                .setStartTimeUnixNano(T0).setEndTimeUnixNano(T0 + 1234567)
                .addAllAttributes(everyValueType()).setDroppedAttributesCount(4)
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(T0 + 10).setName("exception")
                        .addAllAttributes(everyValueType()).setDroppedAttributesCount(2))
                .setDroppedEventsCount(5)
                .addLinks(Span.Link.newBuilder().setTraceId(id("11111111111111111111111111111111"))
                        .setSpanId(id("2222222222222222")).setTraceState("a=b").addAllAttributes(everyValueType())
                        .setDroppedAttributesCount(1).setFlags(1))
                .setDroppedLinksCount(6)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
                .build();
        Span root = Span.newBuilder().setTraceId(id("0af7651916cd43dd8448eb211c80319c"))
                .setSpanId(id("00f067aa0ba902b7")).setName("root").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(T0).setEndTimeUnixNano(T0).build();
        ResourceSpans resourceSpans = ResourceSpans.newBuilder().setResource(resource()).setSchemaUrl("https://r")
                .addScopeSpans(ScopeSpans.newBuilder().setScope(scope()).setSchemaUrl("https://s")
                        .addSpans(span).addSpans(root))
                .build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(resourceSpans).build();

        Decoded<dev.weft.model.Span> decoded = OtlpDecoder.spans(request);

        assertThat(decoded.rejected()).isZero();
        assertThat(OtlpEncoder.traces(decoded.accepted()).getResourceSpansList()).containsExactly(resourceSpans);
        OtlpEncoder.Singles singles = new OtlpEncoder.Singles();
        assertThat(decoded.accepted()).allSatisfy(s -> assertThat(singles.span(s)).isEqualTo(OtlpEncoder.traces(List.of(s))));
    }

    @Test
    void logsRoundTrip() {
        LogRecord full = LogRecord.newBuilder().setTimeUnixNano(T0).setObservedTimeUnixNano(T0 + 5)
                .setSeverityNumberValue(17).setSeverityText("ERROR")
                .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(everyValueType())))
                .addAllAttributes(everyValueType()).setDroppedAttributesCount(2).setFlags(1)
                .setTraceId(id("0af7651916cd43dd8448eb211c80319c")).setSpanId(id("b7ad6b7169203331"))
                .setEventName("order.failed").build();
        LogRecord bare = LogRecord.newBuilder().setObservedTimeUnixNano(T0).build();
        ResourceLogs resourceLogs = ResourceLogs.newBuilder().setResource(resource()).setSchemaUrl("https://r")
                .addScopeLogs(ScopeLogs.newBuilder().setScope(scope()).setSchemaUrl("https://s")
                        .addLogRecords(full).addLogRecords(bare))
                .build();

        Decoded<dev.weft.model.LogRecord> decoded = OtlpDecoder.logs(
                ExportLogsServiceRequest.newBuilder().addResourceLogs(resourceLogs).build());

        assertThat(decoded.rejected()).isZero();
        assertThat(OtlpEncoder.logs(decoded.accepted()).getResourceLogsList()).containsExactly(resourceLogs);
        OtlpEncoder.Singles singles = new OtlpEncoder.Singles();
        assertThat(decoded.accepted()).allSatisfy(l -> assertThat(singles.log(l)).isEqualTo(OtlpEncoder.logs(List.of(l))));
    }

    @Test
    void metricsOfEveryTypeRoundTrip() {
        Exemplar exemplar = Exemplar.newBuilder().addAllFilteredAttributes(everyValueType()).setTimeUnixNano(T0)
                .setAsDouble(0.5).setSpanId(id("b7ad6b7169203331")).setTraceId(id("0af7651916cd43dd8448eb211c80319c"))
                .build();
        Exemplar intExemplar = exemplar.toBuilder().setAsInt(7).build();
        NumberDataPoint intPoint = NumberDataPoint.newBuilder().addAllAttributes(everyValueType())
                .setStartTimeUnixNano(T0 - 1000).setTimeUnixNano(T0).setAsInt(Long.MAX_VALUE)
                .addExemplars(intExemplar).setFlags(1).build();
        NumberDataPoint doublePoint = intPoint.toBuilder().setAsDouble(3.25).clearExemplars().addExemplars(exemplar).build();
        HistogramDataPoint histogram = HistogramDataPoint.newBuilder().addAllAttributes(everyValueType())
                .setStartTimeUnixNano(T0 - 1000).setTimeUnixNano(T0).setCount(6).setSum(12.5)
                .addBucketCounts(1).addBucketCounts(2).addBucketCounts(3).addExplicitBounds(1.0).addExplicitBounds(5.0)
                .addExemplars(exemplar).setFlags(0).setMin(0.1).setMax(9.9).build();
        HistogramDataPoint histogramNoSum = HistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(0).build();
        ExponentialHistogramDataPoint exponential = ExponentialHistogramDataPoint.newBuilder()
                .addAllAttributes(everyValueType()).setStartTimeUnixNano(T0 - 1000).setTimeUnixNano(T0).setCount(10)
                .setSum(100).setScale(3).setZeroCount(1)
                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-2).addBucketCounts(4).addBucketCounts(5))
                .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(1).addBucketCounts(0))
                .setFlags(1).addExemplars(exemplar).setMin(-1).setMax(50).setZeroThreshold(0.001).build();
        SummaryDataPoint summary = SummaryDataPoint.newBuilder().addAllAttributes(everyValueType())
                .setStartTimeUnixNano(T0 - 1000).setTimeUnixNano(T0).setCount(4).setSum(10)
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(2))
                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(4))
                .setFlags(1).build();
        ScopeMetrics scopeMetrics = ScopeMetrics.newBuilder().setScope(scope()).setSchemaUrl("https://s")
                .addMetrics(Metric.newBuilder().setName("g").setDescription("a gauge").setUnit("1")
                        .addAllMetadata(everyValueType())
                        .setGauge(Gauge.newBuilder().addDataPoints(intPoint).addDataPoints(doublePoint)))
                .addMetrics(Metric.newBuilder().setName("s").setUnit("By").setSum(Sum.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .setIsMonotonic(true).addDataPoints(intPoint)))
                .addMetrics(Metric.newBuilder().setName("h").setUnit("ms").setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(histogram).addDataPoints(histogramNoSum)))
                .addMetrics(Metric.newBuilder().setName("e").setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(exponential)))
                .addMetrics(Metric.newBuilder().setName("q").setSummary(Summary.newBuilder().addDataPoints(summary)))
                .build();
        ResourceMetrics resourceMetrics = ResourceMetrics.newBuilder().setResource(resource()).setSchemaUrl("https://r")
                .addScopeMetrics(scopeMetrics).build();

        Decoded<dev.weft.model.MetricPoint> decoded = OtlpDecoder.metrics(
                ExportMetricsServiceRequest.newBuilder().addResourceMetrics(resourceMetrics).build());

        assertThat(decoded.rejected()).isZero();
        assertThat(decoded.accepted()).hasSize(7);
        assertThat(OtlpEncoder.metrics(decoded.accepted()).getResourceMetricsList()).containsExactly(resourceMetrics);
        OtlpEncoder.Singles singles = new OtlpEncoder.Singles();
        assertThat(decoded.accepted())
                .allSatisfy(p -> assertThat(singles.metric(p)).isEqualTo(OtlpEncoder.metrics(List.of(p))));
    }
}
