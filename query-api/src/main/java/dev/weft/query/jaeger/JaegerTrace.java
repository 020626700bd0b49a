package dev.weft.query.jaeger;

import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Resource;
import dev.weft.model.Span;
import dev.weft.model.SpanEvent;
import dev.weft.model.SpanKind;
import dev.weft.model.SpanLink;
import dev.weft.model.StatusCode;
import dev.weft.query.json.JsonValues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trace in the JSON of Jaeger's query API (its {@code uimodel}), mapped from OTLP as Jaeger's
 * own OTLP translator does: times in microseconds, one process per distinct resource, the
 * parent as a {@code CHILD_OF} reference and links as {@code FOLLOWS_FROM} references, kind,
 * status and scope as tags, events as logs.
 */
public record JaegerTrace(String traceID, List<JaegerSpan> spans, Map<String, Process> processes, List<String> warnings) {

    public record JaegerSpan(String traceID, String spanID, int flags, String operationName, List<Reference> references,
                             long startTime, long duration, List<KeyValue> tags, List<Log> logs, String processID,
                             List<String> warnings) {
    }

    public record Reference(String refType, String traceID, String spanID) {
    }

    public record Log(long timestamp, List<KeyValue> fields) {
    }

    public record Process(String serviceName, List<KeyValue> tags) {
    }

    /** A tag or log field; {@code type} is one of string, bool, int64, float64, binary. */
    public record KeyValue(String key, String type, Object value) {

        static KeyValue string(String key, String value) {
            return new KeyValue(key, "string", value);
        }

        /**
         * Scalars keep their type; bytes are base64 as Go encodes them; arrays and maps, which
         * Jaeger has no type for, are text as searches compare them.
         */
        static KeyValue of(String key, AnyValue value) {
            return switch (value) {
                case AnyValue.Bool b -> new KeyValue(key, "bool", b.value());
                case AnyValue.Int i -> new KeyValue(key, "int64", i.value());
                case AnyValue.Dbl d -> new KeyValue(key, "float64", d.value());
                case AnyValue.Bytes b -> new KeyValue(key, "binary", JsonValues.value(b));
                default -> string(key, value.asText());
            };
        }
    }

    /** The trace of these spans, which must be one trace's and not empty. */
    public static JaegerTrace of(List<Span> trace) {
        Map<Resource, String> processIds = new LinkedHashMap<>();
        List<JaegerSpan> spans = new ArrayList<>(trace.size());
        for (Span span : trace) {
            String processId = processIds.computeIfAbsent(span.resource(), r -> "p" + (processIds.size() + 1));
            spans.add(span(span, processId));
        }
        Map<String, Process> processes = new LinkedHashMap<>();
        processIds.forEach((resource, id) -> processes.put(id, new Process(resource.serviceName(),
                tags(resource.attributes(), Resource.SERVICE_NAME))));
        return new JaegerTrace(trace.getFirst().traceId(), spans, processes, null);
    }

    /** Jaeger's lower-case span kind, empty for an unspecified one. */
    static String kind(SpanKind kind) {
        return kind == SpanKind.UNSPECIFIED ? "" : kind.name().toLowerCase(Locale.ROOT);
    }

    private static JaegerSpan span(Span span, String processId) {
        List<Reference> references = new ArrayList<>();
        if (!span.isRoot()) {
            references.add(new Reference("CHILD_OF", span.traceId(), span.parentSpanId()));
        }
        for (SpanLink link : span.links()) {
            references.add(new Reference("FOLLOWS_FROM", link.traceId(), link.spanId()));
        }
        // Jaeger's flags are the W3C trace flags; OTLP keeps more bits above them.
        return new JaegerSpan(span.traceId(), span.spanId(), span.flags() & 0xff, span.name(), references,
                span.startTimeUnixNano() / 1_000, span.durationNanos() / 1_000, tags(span),
                span.events().stream().map(JaegerTrace::log).toList(), processId, null);
    }

    private static List<KeyValue> tags(Span span) {
        List<KeyValue> tags = tags(span.attributes(), null);
        if (span.kind() != SpanKind.UNSPECIFIED) {
            tags.add(KeyValue.string("span.kind", kind(span.kind())));
        }
        if (span.status().code() != StatusCode.UNSET) {
            tags.add(KeyValue.string("otel.status_code", span.status().code().name()));
        }
        if (span.status().isError()) {
            tags.add(new KeyValue("error", "bool", true));
        }
        addIfNotEmpty(tags, "otel.status_description", span.status().message());
        addIfNotEmpty(tags, "otel.scope.name", span.scope().name());
        addIfNotEmpty(tags, "otel.scope.version", span.scope().version());
        addIfNotEmpty(tags, "w3c.tracestate", span.traceState());
        return tags;
    }

    private static Log log(SpanEvent event) {
        List<KeyValue> fields = new ArrayList<>();
        fields.add(KeyValue.string("event", event.name()));
        fields.addAll(tags(event.attributes(), null));
        return new Log(event.timeUnixNano() / 1_000, fields);
    }

    private static List<KeyValue> tags(Attributes attributes, String skippedKey) {
        List<KeyValue> tags = new ArrayList<>(attributes.size() + 8);
        attributes.asMap().forEach((key, value) -> {
            if (!key.equals(skippedKey)) {
                tags.add(KeyValue.of(key, value));
            }
        });
        return tags;
    }

    private static void addIfNotEmpty(List<KeyValue> tags, String key, String value) {
        if (!value.isEmpty()) {
            tags.add(KeyValue.string(key, value));
        }
    }
}
