package dev.weft.query.tempo;

import dev.weft.model.AnyValue;
import dev.weft.model.Resource;
import dev.weft.model.Span;
import dev.weft.query.json.JsonValues;
import dev.weft.storage.TraceSummary;
import dev.weft.traceql.Attribute;
import dev.weft.traceql.Field;
import dev.weft.traceql.Intrinsic;
import dev.weft.traceql.TagValue;
import dev.weft.traceql.TraceQlEvaluator;
import dev.weft.traceql.TraceQlMatch;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON of Tempo's HTTP API, field for field as Grafana decodes it: protobuf's JSON mapping,
 * so 64-bit integers ({@code startTimeUnixNano}, {@code durationNanos}, {@code intValue}) are strings
 * and {@code durationMs}, a 32-bit one, is a number. Grafana's Go decoder fails on a numeric
 * {@code startTimeUnixNano}.
 */
final class TempoJson {

    private TempoJson() {
    }

    record BuildInfo(String version, String revision, String branch, String buildUser, String buildDate, String goVersion) {
    }

    record SearchResponse(List<TraceHit> traces, Map<String, Object> metrics) {
    }

    /** One trace found; {@code spanSet} is the first of {@code spanSets}, for clients older than Tempo 2.2. */
    record TraceHit(String traceID, String rootServiceName, String rootTraceName, String startTimeUnixNano,
                    long durationMs, SpanSet spanSet, List<SpanSet> spanSets,
                    Map<String, TraceQlMatch.ServiceStats> serviceStats) {
    }

    record SpanSet(List<SpanHit> spans, int matched) {
    }

    record SpanHit(String spanID, String name, String startTimeUnixNano, String durationNanos, List<KeyValue> attributes) {
    }

    /** An OTLP {@code KeyValue} in protobuf's JSON mapping: {@code {"key": "k", "value": {"stringValue": "v"}}}. */
    record KeyValue(String key, Map<String, Object> value) {
    }

    record TagNames(List<String> tagNames) {
    }

    record TagScope(String name, List<String> tags) {
    }

    record TagNamesV2(List<TagScope> scopes, Map<String, Object> metrics) {
    }

    record TagValues(List<String> tagValues) {
    }

    record TagValuesV2(List<TagValue> tagValues, Map<String, Object> metrics) {
    }

    static SearchResponse search(List<TraceQlMatch> matches, Set<Field> queried) {
        return new SearchResponse(matches.stream().map(m -> hit(m, queried)).toList(),
                Map.of("completedJobs", 1, "totalJobs", 1));
    }

    /**
     * A trace found, its matching spans showing the attributes the query asked about (as Tempo does)
     * and always {@code service.name}, which Grafana's result table shows per span.
     */
    static TraceHit hit(TraceQlMatch match, Set<Field> queried) {
        TraceSummary trace = match.trace();
        SpanSet spanSet = new SpanSet(match.spans().stream().map(span -> new SpanHit(span.spanId(), span.name(),
                JsonValues.nanos(span.startTimeUnixNano()), JsonValues.nanos(span.durationNanos()),
                attributes(span, queried))).toList(), match.matched());
        return new TraceHit(trace.traceId(), trace.rootServiceName(), trace.rootName(),
                JsonValues.nanos(trace.startTimeUnixNano()), trace.durationNanos() / 1_000_000, spanSet, List.of(spanSet),
                match.serviceStats());
    }

    private static List<KeyValue> attributes(Span span, Set<Field> queried) {
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        for (Field field : queried) {
            switch (field) {
                case Attribute a -> {
                    AnyValue value = TraceQlEvaluator.attribute(a, span);
                    if (value != null) {
                        values.put(a.name(), value(value));
                    }
                }
                case Intrinsic i -> {
                    String keyword = switch (i) {
                        case STATUS -> span.status().code().name();
                        case KIND -> span.kind().name();
                        case STATUS_MESSAGE -> span.status().message();
                        default -> null;
                    };
                    if (keyword != null) {
                        values.put(i.toString(), value(AnyValue.of(i == Intrinsic.STATUS_MESSAGE ? keyword
                                : keyword.toLowerCase(Locale.ROOT))));
                    }
                }
            }
        }
        values.putIfAbsent(Resource.SERVICE_NAME, value(AnyValue.of(span.serviceName())));
        List<KeyValue> out = new ArrayList<>();
        values.forEach((key, value) -> out.add(new KeyValue(key, value)));
        return out;
    }

    /** An OTLP {@code AnyValue} in protobuf's JSON mapping. */
    static Map<String, Object> value(AnyValue value) {
        return switch (value) {
            case AnyValue.Empty e -> Map.of();
            case AnyValue.Str s -> Map.of("stringValue", s.value());
            case AnyValue.Bool b -> Map.of("boolValue", b.value());
            case AnyValue.Int i -> Map.of("intValue", Long.toString(i.value()));
            case AnyValue.Dbl d -> Map.of("doubleValue", Double.isFinite(d.value()) ? d.value() : Double.toString(d.value()));
            case AnyValue.Bytes b -> Map.of("bytesValue", Base64.getEncoder().encodeToString(b.value()));
            case AnyValue.Array a -> Map.of("arrayValue", Map.of("values", a.values().stream().map(TempoJson::value).toList()));
            case AnyValue.KvList kv -> Map.of("kvlistValue", Map.of("values", kv.values().asMap().entrySet().stream()
                    .map(e -> new KeyValue(e.getKey(), value(e.getValue()))).toList()));
        };
    }
}
