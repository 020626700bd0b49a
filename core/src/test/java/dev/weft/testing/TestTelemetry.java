package dev.weft.testing;

import dev.weft.model.AnyValue;
import dev.weft.model.AggregationTemporality;
import dev.weft.model.Attributes;
import dev.weft.model.InstrumentationScope;
import dev.weft.model.LogRecord;
import dev.weft.model.MetricDescriptor;
import dev.weft.model.MetricPoint;
import dev.weft.model.MetricType;
import dev.weft.model.PointData;
import dev.weft.model.Resource;
import dev.weft.model.Span;
import dev.weft.model.SpanKind;
import dev.weft.model.Status;
import dev.weft.model.StatusCode;

import java.util.List;
import java.util.Map;

/** Builds domain items for tests of storage implementations and the layers above them. */
public final class TestTelemetry {

    /** 2026-01-01T00:00:00Z in Unix nanoseconds: a fixed, realistic base time. */
    public static final long T0 = 1_767_225_600_000_000_000L;
    public static final long MS = 1_000_000L;

    private static final InstrumentationScope SCOPE = new InstrumentationScope("weft-test", "1.0", Attributes.empty(), 0, "");

    private TestTelemetry() {
    }

    public static Resource resource(String service) {
        return new Resource(Attributes.of(Map.of(Resource.SERVICE_NAME, AnyValue.of(service))), 0, "");
    }

    /** A 32-digit trace id from a small number, so tests read well. */
    public static String traceId(long n) {
        return String.format("%032x", n);
    }

    public static String spanId(long n) {
        return String.format("%016x", n);
    }

    public static Span span(String traceId, String spanId, String parentSpanId, String service, String name,
                            long startNanos, long durationNanos) {
        return span(traceId, spanId, parentSpanId, service, name, startNanos, durationNanos, Status.UNSET, Map.of());
    }

    public static Span span(String traceId, String spanId, String parentSpanId, String service, String name,
                            long startNanos, long durationNanos, Status status, Map<String, AnyValue> attributes) {
        return new Span(traceId, spanId, "", parentSpanId, 1, name, parentSpanId.isEmpty() ? SpanKind.SERVER : SpanKind.INTERNAL,
                startNanos, startNanos + durationNanos, Attributes.of(attributes), 0, List.of(), 0, List.of(), 0,
                status, resource(service), SCOPE);
    }

    public static Span errorSpan(String traceId, String spanId, String parentSpanId, String service, String name,
                                 long startNanos, long durationNanos) {
        return span(traceId, spanId, parentSpanId, service, name, startNanos, durationNanos,
                new Status(StatusCode.ERROR, "boom"), Map.of());
    }

    public static LogRecord log(String service, long timeNanos, int severity, String body, String traceId, String spanId) {
        return new LogRecord(timeNanos, timeNanos, severity, severity >= 17 ? "ERROR" : "INFO", AnyValue.of(body),
                Attributes.empty(), 0, 0, traceId, spanId, "", resource(service), SCOPE);
    }

    public static MetricPoint gauge(String service, String name, long timeNanos, double value) {
        return new MetricPoint(new MetricDescriptor(name, "", "1", MetricType.GAUGE, AggregationTemporality.UNSPECIFIED,
                false, Attributes.empty()),
                new PointData.NumberPoint(Attributes.empty(), 0, timeNanos, value, List.of(), 0), resource(service), SCOPE);
    }
}
