package dev.weft.otlp;

import com.google.protobuf.ByteString;
import dev.weft.model.AggregationTemporality;
import dev.weft.model.Exemplar;
import dev.weft.model.InstrumentationScope;
import dev.weft.model.LogRecord;
import dev.weft.model.MetricDescriptor;
import dev.weft.model.MetricPoint;
import dev.weft.model.MetricType;
import dev.weft.model.PointData;
import dev.weft.model.Resource;
import dev.weft.model.Span;
import dev.weft.model.SpanEvent;
import dev.weft.model.SpanKind;
import dev.weft.model.SpanLink;
import dev.weft.model.Status;
import dev.weft.model.StatusCode;
import dev.weft.model.TraceIds;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Maps OTLP export requests to the domain model, item by item, validating each one. An
 * invalid item is rejected with its reason and the valid rest of the batch is kept, as OTLP
 * partial success requires. The collector decodes within {@link IngestLimits}; whatever decodes
 * what was already accepted once uses the unlimited one-argument methods, which never drop or
 * change an item that passed then.
 */
public final class OtlpDecoder {

    private OtlpDecoder() {
    }

    /** All items, unlimited: for requests that were limited when received, such as stored ones. */
    public static Decoded<Span> spans(ExportTraceServiceRequest request) {
        return spans(request, IngestLimits.unlimited(), 0);
    }

    /**
     * @param nowNanos the time the request was received, in Unix nanoseconds: item times are
     *                 checked against it, so that a request replayed later is judged as it was then
     */
    public static Decoded<Span> spans(ExportTraceServiceRequest request, IngestLimits limits, long nowNanos) {
        Limiter limiter = new Limiter(limits, nowNanos);
        Rejections rejections = new Rejections("span");
        List<Span> accepted = new ArrayList<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            Resource resource = null;
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                int admitted = limiter.admit(ss.getSpansCount());
                if (admitted == 0) {
                    continue;
                }
                // Decoded only for admitted items, so that those past the limit cost nothing.
                if (resource == null) {
                    resource = limiter.limit(ProtoValues.toModel(rs.getResource(), rs.getSchemaUrl()));
                }
                InstrumentationScope scope = limiter.limit(ProtoValues.toModel(ss.getScope(), ss.getSchemaUrl()));
                for (var span : ss.getSpansList().subList(0, admitted)) {
                    try {
                        accepted.add(span(span, resource, scope, limiter));
                    } catch (InvalidItemException e) {
                        rejections.reject(e.getMessage());
                    }
                }
            }
        }
        rejections.rejectBeyond(limiter.maxItems(), limiter.excess());
        return rejections.result(accepted, limiter.truncations());
    }

    /** All items, unlimited: for requests that were limited when received, such as stored ones. */
    public static Decoded<LogRecord> logs(ExportLogsServiceRequest request) {
        return logs(request, IngestLimits.unlimited(), 0);
    }

    /** @param nowNanos the time the request was received, in Unix nanoseconds */
    public static Decoded<LogRecord> logs(ExportLogsServiceRequest request, IngestLimits limits, long nowNanos) {
        Limiter limiter = new Limiter(limits, nowNanos);
        Rejections rejections = new Rejections("log record");
        List<LogRecord> accepted = new ArrayList<>();
        for (ResourceLogs rl : request.getResourceLogsList()) {
            Resource resource = null;
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                int admitted = limiter.admit(sl.getLogRecordsCount());
                if (admitted == 0) {
                    continue;
                }
                if (resource == null) {
                    resource = limiter.limit(ProtoValues.toModel(rl.getResource(), rl.getSchemaUrl()));
                }
                InstrumentationScope scope = limiter.limit(ProtoValues.toModel(sl.getScope(), sl.getSchemaUrl()));
                for (var log : sl.getLogRecordsList().subList(0, admitted)) {
                    try {
                        accepted.add(log(log, resource, scope, limiter));
                    } catch (InvalidItemException e) {
                        rejections.reject(e.getMessage());
                    }
                }
            }
        }
        rejections.rejectBeyond(limiter.maxItems(), limiter.excess());
        return rejections.result(accepted, limiter.truncations());
    }

    /** All items, unlimited: for requests that were limited when received, such as stored ones. */
    public static Decoded<MetricPoint> metrics(ExportMetricsServiceRequest request) {
        return metrics(request, IngestLimits.unlimited(), 0);
    }

    /**
     * Data points are the items limited; their attributes are never cut, since they identify the
     * series, while resource and scope attributes are.
     *
     * @param nowNanos the time the request was received, in Unix nanoseconds
     */
    public static Decoded<MetricPoint> metrics(ExportMetricsServiceRequest request, IngestLimits limits,
                                               long nowNanos) {
        Limiter limiter = new Limiter(limits, nowNanos);
        Rejections rejections = new Rejections("data point");
        List<MetricPoint> accepted = new ArrayList<>();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            Resource resource = null;
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                InstrumentationScope scope = null;
                for (Metric metric : sm.getMetricsList()) {
                    MetricDescriptor descriptor;
                    try {
                        descriptor = descriptor(metric);
                    } catch (InvalidItemException e) {
                        // A metric without points is still one rejected item, not a silent drop.
                        int admitted = limiter.admit(Math.max(1, pointCount(metric)));
                        if (admitted > 0) {
                            rejections.reject(admitted, e.getMessage());
                        }
                        continue;
                    }
                    int admitted = limiter.admit(pointCount(metric));
                    if (admitted == 0) {
                        continue;
                    }
                    if (resource == null) {
                        resource = limiter.limit(ProtoValues.toModel(rm.getResource(), rm.getSchemaUrl()));
                    }
                    if (scope == null) {
                        scope = limiter.limit(ProtoValues.toModel(sm.getScope(), sm.getSchemaUrl()));
                    }
                    for (PointData point : points(metric, admitted)) {
                        String error = pointError(point, metric.getName(), limiter);
                        if (error == null) {
                            accepted.add(new MetricPoint(descriptor, point, resource, scope));
                        } else {
                            rejections.reject(error);
                        }
                    }
                }
            }
        }
        rejections.rejectBeyond(limiter.maxItems(), limiter.excess());
        return rejections.result(accepted, limiter.truncations());
    }

    private static Span span(io.opentelemetry.proto.trace.v1.Span s, Resource resource, InstrumentationScope scope,
                             Limiter limiter) throws InvalidItemException {
        String what = "span '" + s.getName() + "'";
        String traceId = requiredId(s.getTraceId(), 16, "trace_id", what);
        String spanId = requiredId(s.getSpanId(), 8, "span_id", what);
        String parent = optionalId(s.getParentSpanId(), 8, "parent_span_id", what);
        if (s.getStartTimeUnixNano() == 0) {
            throw invalid(what, "start_time_unix_nano is missing");
        }
        if (Long.compareUnsigned(s.getEndTimeUnixNano(), s.getStartTimeUnixNano()) < 0) {
            throw invalid(what, "end_time_unix_nano is before start_time_unix_nano");
        }
        String late = limiter.timeError(s.getStartTimeUnixNano(), "start_time_unix_nano");
        if (late != null) {
            throw invalid(what, late);
        }
        SpanKind kind = enumValue(SpanKind.values(), s.getKindValue(), "kind", what);
        StatusCode code = enumValue(StatusCode.values(), s.getStatus().getCodeValue(), "status.code", what);
        List<SpanEvent> events = new ArrayList<>(s.getEventsCount());
        for (var e : s.getEventsList()) {
            events.add(new SpanEvent(e.getTimeUnixNano(), e.getName(), ProtoValues.toModel(e.getAttributesList()),
                    e.getDroppedAttributesCount()));
        }
        List<SpanLink> links = new ArrayList<>(s.getLinksCount());
        for (var l : s.getLinksList()) {
            links.add(new SpanLink(requiredId(l.getTraceId(), 16, "links.trace_id", what),
                    requiredId(l.getSpanId(), 8, "links.span_id", what), l.getTraceState(),
                    ProtoValues.toModel(l.getAttributesList()), l.getDroppedAttributesCount(), l.getFlags()));
        }
        return limiter.limit(new Span(traceId, spanId, s.getTraceState(), parent, s.getFlags(), s.getName(), kind,
                s.getStartTimeUnixNano(), s.getEndTimeUnixNano(), ProtoValues.toModel(s.getAttributesList()),
                s.getDroppedAttributesCount(), events, s.getDroppedEventsCount(), links, s.getDroppedLinksCount(),
                new Status(code, s.getStatus().getMessage()), resource, scope));
    }

    private static LogRecord log(io.opentelemetry.proto.logs.v1.LogRecord l, Resource resource,
                                 InstrumentationScope scope, Limiter limiter) throws InvalidItemException {
        String what = "log record";
        // SDKs send an all-zero id for "no context"; it means the same as an absent one.
        String traceId = isZero(l.getTraceId()) ? "" : optionalId(l.getTraceId(), 16, "trace_id", what);
        String spanId = isZero(l.getSpanId()) ? "" : optionalId(l.getSpanId(), 8, "span_id", what);
        if (l.getTimeUnixNano() == 0 && l.getObservedTimeUnixNano() == 0) {
            throw invalid(what, "neither time_unix_nano nor observed_time_unix_nano is set");
        }
        if (l.getSeverityNumberValue() < 0 || l.getSeverityNumberValue() > 24) {
            throw invalid(what, "severity_number " + l.getSeverityNumberValue() + " is outside 0..24");
        }
        // The time a record is stored and found by, as LogRecord.effectiveTimeUnixNano() picks it.
        String late = l.getTimeUnixNano() != 0 ? limiter.timeError(l.getTimeUnixNano(), "time_unix_nano")
                : limiter.timeError(l.getObservedTimeUnixNano(), "observed_time_unix_nano");
        if (late != null) {
            throw invalid(what, late);
        }
        return limiter.limit(new LogRecord(l.getTimeUnixNano(), l.getObservedTimeUnixNano(), l.getSeverityNumberValue(),
                l.getSeverityText(), l.hasBody() ? ProtoValues.toModel(l.getBody()) : null,
                ProtoValues.toModel(l.getAttributesList()), l.getDroppedAttributesCount(), l.getFlags(),
                traceId, spanId, l.getEventName(), resource, scope));
    }

    /** The first {@code count} data points of the metric, mapped but not yet checked. */
    private static List<PointData> points(Metric m, int count) {
        return switch (m.getDataCase()) {
            case GAUGE -> map(m.getGauge().getDataPointsList(), count, OtlpDecoder::number);
            case SUM -> map(m.getSum().getDataPointsList(), count, OtlpDecoder::number);
            case HISTOGRAM -> map(m.getHistogram().getDataPointsList(), count, OtlpDecoder::histogram);
            case EXPONENTIAL_HISTOGRAM ->
                    map(m.getExponentialHistogram().getDataPointsList(), count, OtlpDecoder::exponential);
            case SUMMARY -> map(m.getSummary().getDataPointsList(), count, OtlpDecoder::summary);
            case DATA_NOT_SET -> throw new IllegalStateException("checked by descriptor()");
        };
    }

    private static <P> List<PointData> map(List<P> points, int count, Function<P, PointData> mapping) {
        List<PointData> out = new ArrayList<>(count);
        points.subList(0, count).forEach(p -> out.add(mapping.apply(p)));
        return out;
    }

    /** The data points a metric holds, whatever its type. */
    public static int pointCount(Metric m) {
        return switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsCount();
            case SUM -> m.getSum().getDataPointsCount();
            case HISTOGRAM -> m.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> m.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }

    private static MetricDescriptor descriptor(Metric m) throws InvalidItemException {
        if (m.getName().isEmpty()) {
            throw invalid("metric", "name is empty");
        }
        var metadata = ProtoValues.toModel(m.getMetadataList());
        return switch (m.getDataCase()) {
            case GAUGE -> new MetricDescriptor(m.getName(), m.getDescription(), m.getUnit(), MetricType.GAUGE,
                    AggregationTemporality.UNSPECIFIED, false, metadata);
            case SUM -> new MetricDescriptor(m.getName(), m.getDescription(), m.getUnit(), MetricType.SUM,
                    temporality(m.getSum().getAggregationTemporalityValue(), m.getName()),
                    m.getSum().getIsMonotonic(), metadata);
            case HISTOGRAM -> new MetricDescriptor(m.getName(), m.getDescription(), m.getUnit(), MetricType.HISTOGRAM,
                    temporality(m.getHistogram().getAggregationTemporalityValue(), m.getName()), false, metadata);
            case EXPONENTIAL_HISTOGRAM -> new MetricDescriptor(m.getName(), m.getDescription(), m.getUnit(),
                    MetricType.EXPONENTIAL_HISTOGRAM,
                    temporality(m.getExponentialHistogram().getAggregationTemporalityValue(), m.getName()), false,
                    metadata);
            case SUMMARY -> new MetricDescriptor(m.getName(), m.getDescription(), m.getUnit(), MetricType.SUMMARY,
                    AggregationTemporality.UNSPECIFIED, false, metadata);
            case DATA_NOT_SET -> throw invalid("metric " + m.getName(), "has no data (gauge, sum, histogram, ...)");
        };
    }

    private static AggregationTemporality temporality(int value, String metric) throws InvalidItemException {
        return enumValue(AggregationTemporality.values(), value, "aggregation_temporality", "metric " + metric);
    }

    private static PointData number(io.opentelemetry.proto.metrics.v1.NumberDataPoint p) {
        Number value = switch (p.getValueCase()) {
            case AS_INT -> p.getAsInt();
            case AS_DOUBLE -> p.getAsDouble();
            case VALUE_NOT_SET -> null;
        };
        return new PointData.NumberPoint(ProtoValues.toModel(p.getAttributesList()), p.getStartTimeUnixNano(),
                p.getTimeUnixNano(), value, exemplars(p.getExemplarsList()), p.getFlags());
    }

    private static PointData histogram(io.opentelemetry.proto.metrics.v1.HistogramDataPoint p) {
        return new PointData.HistogramPoint(ProtoValues.toModel(p.getAttributesList()), p.getStartTimeUnixNano(),
                p.getTimeUnixNano(), p.getCount(), p.hasSum() ? p.getSum() : null, p.getBucketCountsList(),
                p.getExplicitBoundsList(), exemplars(p.getExemplarsList()), p.getFlags(),
                p.hasMin() ? p.getMin() : null, p.hasMax() ? p.getMax() : null);
    }

    private static PointData exponential(io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint p) {
        return new PointData.ExponentialHistogramPoint(ProtoValues.toModel(p.getAttributesList()),
                p.getStartTimeUnixNano(), p.getTimeUnixNano(), p.getCount(), p.hasSum() ? p.getSum() : null,
                p.getScale(), p.getZeroCount(),
                new PointData.Buckets(p.getPositive().getOffset(), p.getPositive().getBucketCountsList()),
                new PointData.Buckets(p.getNegative().getOffset(), p.getNegative().getBucketCountsList()),
                p.getFlags(), exemplars(p.getExemplarsList()), p.hasMin() ? p.getMin() : null,
                p.hasMax() ? p.getMax() : null, p.getZeroThreshold());
    }

    private static PointData summary(io.opentelemetry.proto.metrics.v1.SummaryDataPoint p) {
        List<PointData.ValueAtQuantile> quantiles = new ArrayList<>(p.getQuantileValuesCount());
        p.getQuantileValuesList().forEach(q -> quantiles.add(new PointData.ValueAtQuantile(q.getQuantile(), q.getValue())));
        return new PointData.SummaryPoint(ProtoValues.toModel(p.getAttributesList()), p.getStartTimeUnixNano(),
                p.getTimeUnixNano(), p.getCount(), p.getSum(), quantiles, p.getFlags());
    }

    private static List<Exemplar> exemplars(List<io.opentelemetry.proto.metrics.v1.Exemplar> exemplars) {
        List<Exemplar> out = new ArrayList<>(exemplars.size());
        for (var e : exemplars) {
            Number value = switch (e.getValueCase()) {
                case AS_INT -> e.getAsInt();
                case AS_DOUBLE -> e.getAsDouble();
                case VALUE_NOT_SET -> null;
            };
            out.add(new Exemplar(ProtoValues.toModel(e.getFilteredAttributesList()), e.getTimeUnixNano(), value,
                    hexOrEmpty(e.getSpanId()), hexOrEmpty(e.getTraceId())));
        }
        return out;
    }

    /** A point's problem, or null; checked after mapping so every point type shares the rules. */
    private static String pointError(PointData point, String metric, Limiter limiter) {
        if (point.timeUnixNano() == 0) {
            return "metric " + metric + ": data point time_unix_nano is missing";
        }
        String late = limiter.timeError(point.timeUnixNano(), "data point time_unix_nano");
        if (late != null) {
            return "metric " + metric + ": " + late;
        }
        if (point instanceof PointData.NumberPoint n && n.value() == null) {
            return "metric " + metric + ": number data point has no value";
        }
        if (point instanceof PointData.HistogramPoint h && !h.bucketCounts().isEmpty()
                && h.bucketCounts().size() != h.explicitBounds().size() + 1) {
            return "metric " + metric + ": histogram has " + h.bucketCounts().size() + " bucket counts for "
                    + h.explicitBounds().size() + " explicit bounds (needs bounds + 1)";
        }
        for (Exemplar e : exemplars(point)) {
            if (!e.traceId().isEmpty() && e.traceId().length() != 32 || !e.spanId().isEmpty() && e.spanId().length() != 16) {
                return "metric " + metric + ": exemplar trace_id must be 16 bytes and span_id 8 bytes";
            }
        }
        return null;
    }

    private static List<Exemplar> exemplars(PointData point) {
        return switch (point) {
            case PointData.NumberPoint n -> n.exemplars();
            case PointData.HistogramPoint h -> h.exemplars();
            case PointData.ExponentialHistogramPoint e -> e.exemplars();
            case PointData.SummaryPoint s -> List.of();
        };
    }

    private static String requiredId(ByteString id, int length, String field, String item)
            throws InvalidItemException {
        if (id.size() != length) {
            throw invalid(item, field + " must be " + length + " bytes, got " + id.size());
        }
        if (isZero(id)) {
            throw invalid(item, field + " is all zeros");
        }
        return TraceIds.hex(id.toByteArray());
    }

    private static String optionalId(ByteString id, int length, String field, String item)
            throws InvalidItemException {
        return id.isEmpty() ? "" : requiredId(id, length, field, item);
    }

    private static String hexOrEmpty(ByteString id) {
        return id.isEmpty() ? "" : TraceIds.hex(id.toByteArray());
    }

    private static boolean isZero(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static <E extends Enum<E>> E enumValue(E[] values, int number, String field, String item)
            throws InvalidItemException {
        if (number < 0 || number >= values.length) {
            throw invalid(item, field + " " + number + " is not a known value");
        }
        return values[number];
    }

    private static InvalidItemException invalid(String item, String reason) {
        return new InvalidItemException(item + ": " + reason);
    }
}
