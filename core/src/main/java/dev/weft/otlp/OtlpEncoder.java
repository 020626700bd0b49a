package dev.weft.otlp;

import dev.weft.model.Exemplar;
import dev.weft.model.InstrumentationScope;
import dev.weft.model.LogRecord;
import dev.weft.model.MetricDescriptor;
import dev.weft.model.MetricPoint;
import dev.weft.model.PointData;
import dev.weft.model.Resource;
import dev.weft.model.Span;
import dev.weft.model.SpanEvent;
import dev.weft.model.SpanLink;
import io.opentelemetry.proto.logs.v1.LogsData;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricsData;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.TracesData;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Maps the domain model back to OTLP, regrouping flattened items under their resource and
 * scope in first-seen order. Together with {@link OtlpDecoder} it is lossless: what a client
 * sent comes back field for field (only the grouping may differ when a client repeated the
 * same resource in several groups).
 */
public final class OtlpEncoder {

    private OtlpEncoder() {
    }

    public static TracesData traces(Collection<Span> spans) {
        TracesData.Builder out = TracesData.newBuilder();
        group(spans, Span::resource, Span::scope).forEach((resource, scopes) -> {
            ResourceSpans.Builder rs = out.addResourceSpansBuilder()
                    .setResource(ProtoValues.toProto(resource)).setSchemaUrl(resource.schemaUrl());
            scopes.forEach((scope, items) -> {
                ScopeSpans.Builder ss = rs.addScopeSpansBuilder()
                        .setScope(ProtoValues.toProto(scope)).setSchemaUrl(scope.schemaUrl());
                items.forEach(span -> ss.addSpans(span(span)));
            });
        });
        return out.build();
    }

    public static LogsData logs(Collection<LogRecord> logs) {
        LogsData.Builder out = LogsData.newBuilder();
        group(logs, LogRecord::resource, LogRecord::scope).forEach((resource, scopes) -> {
            ResourceLogs.Builder rl = out.addResourceLogsBuilder()
                    .setResource(ProtoValues.toProto(resource)).setSchemaUrl(resource.schemaUrl());
            scopes.forEach((scope, items) -> {
                ScopeLogs.Builder sl = rl.addScopeLogsBuilder()
                        .setScope(ProtoValues.toProto(scope)).setSchemaUrl(scope.schemaUrl());
                items.forEach(log -> sl.addLogRecords(log(log)));
            });
        });
        return out.build();
    }

    public static MetricsData metrics(Collection<MetricPoint> points) {
        MetricsData.Builder out = MetricsData.newBuilder();
        group(points, MetricPoint::resource, MetricPoint::scope).forEach((resource, scopes) -> {
            ResourceMetrics.Builder rm = out.addResourceMetricsBuilder()
                    .setResource(ProtoValues.toProto(resource)).setSchemaUrl(resource.schemaUrl());
            scopes.forEach((scope, items) -> {
                ScopeMetrics.Builder sm = rm.addScopeMetricsBuilder()
                        .setScope(ProtoValues.toProto(scope)).setSchemaUrl(scope.schemaUrl());
                Map<MetricDescriptor, List<PointData>> byMetric = new LinkedHashMap<>();
                items.forEach(p -> byMetric.computeIfAbsent(p.metric(), k -> new ArrayList<>()).add(p.point()));
                byMetric.forEach((descriptor, data) -> sm.addMetrics(metric(descriptor, data)));
            });
        });
        return out.build();
    }

    /**
     * Encodes items one at a time, each alone under its resource and scope (the form storage keeps
     * per document), converting each resource and scope instance once: the items of one request
     * share their instances, and converting them again for every item dominated the encoding cost.
     * Not thread-safe; one per batch.
     */
    public static final class Singles {

        private final Map<Resource, io.opentelemetry.proto.resource.v1.Resource> resources = new IdentityHashMap<>();
        private final Map<InstrumentationScope, io.opentelemetry.proto.common.v1.InstrumentationScope> scopes =
                new IdentityHashMap<>();

        public TracesData span(Span s) {
            return TracesData.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(resource(s.resource())).setSchemaUrl(s.resource().schemaUrl())
                    .addScopeSpans(ScopeSpans.newBuilder().setScope(scope(s.scope())).setSchemaUrl(s.scope().schemaUrl())
                            .addSpans(OtlpEncoder.span(s)))).build();
        }

        public LogsData log(LogRecord l) {
            return LogsData.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                    .setResource(resource(l.resource())).setSchemaUrl(l.resource().schemaUrl())
                    .addScopeLogs(ScopeLogs.newBuilder().setScope(scope(l.scope())).setSchemaUrl(l.scope().schemaUrl())
                            .addLogRecords(OtlpEncoder.log(l)))).build();
        }

        public MetricsData metric(MetricPoint p) {
            return MetricsData.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                    .setResource(resource(p.resource())).setSchemaUrl(p.resource().schemaUrl())
                    .addScopeMetrics(ScopeMetrics.newBuilder().setScope(scope(p.scope())).setSchemaUrl(p.scope().schemaUrl())
                            .addMetrics(OtlpEncoder.metric(p.metric(), List.of(p.point()))))).build();
        }

        private io.opentelemetry.proto.resource.v1.Resource resource(Resource r) {
            return resources.computeIfAbsent(r, ProtoValues::toProto);
        }

        private io.opentelemetry.proto.common.v1.InstrumentationScope scope(InstrumentationScope s) {
            return scopes.computeIfAbsent(s, ProtoValues::toProto);
        }
    }

    public static io.opentelemetry.proto.trace.v1.Span span(Span s) {
        var b = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(ProtoValues.idBytes(s.traceId()))
                .setSpanId(ProtoValues.idBytes(s.spanId()))
                .setTraceState(s.traceState())
                .setParentSpanId(ProtoValues.idBytes(s.parentSpanId()))
                .setFlags(s.flags())
                .setName(s.name())
                .setKindValue(s.kind().ordinal())
                .setStartTimeUnixNano(s.startTimeUnixNano())
                .setEndTimeUnixNano(s.endTimeUnixNano())
                .addAllAttributes(ProtoValues.toProto(s.attributes()))
                .setDroppedAttributesCount(s.droppedAttributesCount())
                .setDroppedEventsCount(s.droppedEventsCount())
                .setDroppedLinksCount(s.droppedLinksCount());
        // An unset status and an absent one mean the same; omit it as the SDKs do.
        if (!s.status().equals(dev.weft.model.Status.UNSET)) {
            b.setStatus(io.opentelemetry.proto.trace.v1.Status.newBuilder()
                    .setCodeValue(s.status().code().ordinal()).setMessage(s.status().message()));
        }
        for (SpanEvent e : s.events()) {
            b.addEventsBuilder().setTimeUnixNano(e.timeUnixNano()).setName(e.name())
                    .addAllAttributes(ProtoValues.toProto(e.attributes()))
                    .setDroppedAttributesCount(e.droppedAttributesCount());
        }
        for (SpanLink l : s.links()) {
            b.addLinksBuilder().setTraceId(ProtoValues.idBytes(l.traceId())).setSpanId(ProtoValues.idBytes(l.spanId()))
                    .setTraceState(l.traceState()).addAllAttributes(ProtoValues.toProto(l.attributes()))
                    .setDroppedAttributesCount(l.droppedAttributesCount()).setFlags(l.flags());
        }
        return b.build();
    }

    private static io.opentelemetry.proto.logs.v1.LogRecord log(LogRecord l) {
        var b = io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                .setTimeUnixNano(l.timeUnixNano())
                .setObservedTimeUnixNano(l.observedTimeUnixNano())
                .setSeverityNumberValue(l.severityNumber())
                .setSeverityText(l.severityText())
                .addAllAttributes(ProtoValues.toProto(l.attributes()))
                .setDroppedAttributesCount(l.droppedAttributesCount())
                .setFlags(l.flags())
                .setTraceId(ProtoValues.idBytes(l.traceId()))
                .setSpanId(ProtoValues.idBytes(l.spanId()))
                .setEventName(l.eventName());
        if (!(l.body() instanceof dev.weft.model.AnyValue.Empty)) {
            b.setBody(ProtoValues.toProto(l.body()));
        }
        return b.build();
    }

    private static Metric metric(MetricDescriptor d, List<PointData> points) {
        Metric.Builder m = Metric.newBuilder().setName(d.name()).setDescription(d.description()).setUnit(d.unit())
                .addAllMetadata(ProtoValues.toProto(d.metadata()));
        int temporality = d.temporality().ordinal();
        switch (d.type()) {
            case GAUGE -> m.setGauge(Gauge.newBuilder().addAllDataPoints(map(points, OtlpEncoder::number)));
            case SUM -> m.setSum(Sum.newBuilder().setAggregationTemporalityValue(temporality)
                    .setIsMonotonic(d.monotonic()).addAllDataPoints(map(points, OtlpEncoder::number)));
            case HISTOGRAM -> m.setHistogram(Histogram.newBuilder().setAggregationTemporalityValue(temporality)
                    .addAllDataPoints(map(points, OtlpEncoder::histogram)));
            case EXPONENTIAL_HISTOGRAM -> m.setExponentialHistogram(ExponentialHistogram.newBuilder()
                    .setAggregationTemporalityValue(temporality).addAllDataPoints(map(points, OtlpEncoder::exponential)));
            case SUMMARY -> m.setSummary(Summary.newBuilder().addAllDataPoints(map(points, OtlpEncoder::summary)));
        }
        return m.build();
    }

    private static NumberDataPoint number(PointData data) {
        var p = (PointData.NumberPoint) data;
        var b = NumberDataPoint.newBuilder().addAllAttributes(ProtoValues.toProto(p.attributes()))
                .setStartTimeUnixNano(p.startTimeUnixNano()).setTimeUnixNano(p.timeUnixNano())
                .addAllExemplars(exemplars(p.exemplars())).setFlags(p.flags());
        if (p.value() instanceof Long l) {
            b.setAsInt(l);
        } else if (p.value() != null) {
            b.setAsDouble(p.value().doubleValue());
        }
        return b.build();
    }

    private static HistogramDataPoint histogram(PointData data) {
        var p = (PointData.HistogramPoint) data;
        var b = HistogramDataPoint.newBuilder().addAllAttributes(ProtoValues.toProto(p.attributes()))
                .setStartTimeUnixNano(p.startTimeUnixNano()).setTimeUnixNano(p.timeUnixNano())
                .setCount(p.count()).addAllBucketCounts(p.bucketCounts()).addAllExplicitBounds(p.explicitBounds())
                .addAllExemplars(exemplars(p.exemplars())).setFlags(p.flags());
        setIfPresent(p.sum(), b::setSum);
        setIfPresent(p.min(), b::setMin);
        setIfPresent(p.max(), b::setMax);
        return b.build();
    }

    private static ExponentialHistogramDataPoint exponential(PointData data) {
        var p = (PointData.ExponentialHistogramPoint) data;
        var b = ExponentialHistogramDataPoint.newBuilder().addAllAttributes(ProtoValues.toProto(p.attributes()))
                .setStartTimeUnixNano(p.startTimeUnixNano()).setTimeUnixNano(p.timeUnixNano())
                .setCount(p.count()).setScale(p.scale()).setZeroCount(p.zeroCount())
                .setPositive(buckets(p.positive())).setNegative(buckets(p.negative()))
                .setFlags(p.flags()).addAllExemplars(exemplars(p.exemplars())).setZeroThreshold(p.zeroThreshold());
        setIfPresent(p.sum(), b::setSum);
        setIfPresent(p.min(), b::setMin);
        setIfPresent(p.max(), b::setMax);
        return b.build();
    }

    private static ExponentialHistogramDataPoint.Buckets buckets(PointData.Buckets buckets) {
        return ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(buckets.offset())
                .addAllBucketCounts(buckets.bucketCounts()).build();
    }

    private static SummaryDataPoint summary(PointData data) {
        var p = (PointData.SummaryPoint) data;
        var b = SummaryDataPoint.newBuilder().addAllAttributes(ProtoValues.toProto(p.attributes()))
                .setStartTimeUnixNano(p.startTimeUnixNano()).setTimeUnixNano(p.timeUnixNano())
                .setCount(p.count()).setSum(p.sum()).setFlags(p.flags());
        p.quantileValues().forEach(q -> b.addQuantileValuesBuilder().setQuantile(q.quantile()).setValue(q.value()));
        return b.build();
    }

    private static List<io.opentelemetry.proto.metrics.v1.Exemplar> exemplars(List<Exemplar> exemplars) {
        return map(exemplars, e -> {
            var b = io.opentelemetry.proto.metrics.v1.Exemplar.newBuilder()
                    .addAllFilteredAttributes(ProtoValues.toProto(e.filteredAttributes()))
                    .setTimeUnixNano(e.timeUnixNano())
                    .setSpanId(ProtoValues.idBytes(e.spanId())).setTraceId(ProtoValues.idBytes(e.traceId()));
            if (e.value() instanceof Long l) {
                b.setAsInt(l);
            } else if (e.value() != null) {
                b.setAsDouble(e.value().doubleValue());
            }
            return b.build();
        });
    }

    /** Optional doubles stay unset when the client did not send them. */
    private static void setIfPresent(Double value, java.util.function.DoubleFunction<?> setter) {
        if (value != null) {
            setter.apply(value);
        }
    }

    private static <A, B> List<B> map(List<A> in, Function<A, B> f) {
        List<B> out = new ArrayList<>(in.size());
        in.forEach(a -> out.add(f.apply(a)));
        return out;
    }

    private static <T> Map<Resource, Map<InstrumentationScope, List<T>>> group(
            Collection<T> items, Function<T, Resource> resource, Function<T, InstrumentationScope> scope) {
        Map<Resource, Map<InstrumentationScope, List<T>>> out = new LinkedHashMap<>();
        for (T item : items) {
            out.computeIfAbsent(resource.apply(item), r -> new LinkedHashMap<>())
                    .computeIfAbsent(scope.apply(item), s -> new ArrayList<>()).add(item);
        }
        return out;
    }
}
