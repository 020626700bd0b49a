package dev.weft.query.zipkin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.weft.model.Resource;
import dev.weft.model.Span;
import dev.weft.model.SpanEvent;
import dev.weft.model.SpanKind;
import dev.weft.model.StatusCode;
import dev.weft.query.json.JsonValues;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span in Zipkin's v2 JSON, mapped as the OpenTelemetry specification's Zipkin exporter
 * does: times in microseconds, attributes (span, then resource) as string tags, the status as
 * {@code otel.status_code} and {@code error}, the scope as {@code otel.scope.*}, events as
 * annotations. Absent and empty fields are left out, as Zipkin leaves them out.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ZipkinSpan(String traceId, String id, String parentId, String name, String kind, long timestamp,
                         long duration, Endpoint localEndpoint, Endpoint remoteEndpoint, List<Annotation> annotations,
                         Map<String, String> tags) {

    /** Attributes naming the other side of a call, in the order the exporter specification prefers them. */
    private static final List<String> REMOTE_SERVICE_KEYS = List.of("peer.service", "server.address", "net.peer.name");

    public record Endpoint(String serviceName) {
    }

    public record Annotation(long timestamp, String value) {
    }

    public static ZipkinSpan of(Span span) {
        return new ZipkinSpan(span.traceId(), span.spanId(), span.isRoot() ? null : span.parentSpanId(), span.name(),
                kind(span.kind()), span.startTimeUnixNano() / 1_000, span.durationNanos() / 1_000,
                new Endpoint(span.serviceName()), remoteEndpoint(span),
                span.events().stream().map(ZipkinSpan::annotation).toList(), tags(span));
    }

    /** Zipkin has no INTERNAL kind: a span without one is local. */
    private static String kind(SpanKind kind) {
        return switch (kind) {
            case SERVER, CLIENT, PRODUCER, CONSUMER -> kind.name();
            case INTERNAL, UNSPECIFIED -> null;
        };
    }

    private static Endpoint remoteEndpoint(Span span) {
        for (String key : REMOTE_SERVICE_KEYS) {
            String service = span.attributes().getText(key);
            if (service != null && !service.isEmpty()) {
                return new Endpoint(service);
            }
        }
        return null;
    }

    /** The specification's annotation value: {@code "name":{attributes as JSON}}. */
    private static Annotation annotation(SpanEvent event) {
        JsonMapper json = JsonMapper.shared();
        return new Annotation(event.timeUnixNano() / 1_000, json.writeValueAsString(event.name()) + ":"
                + json.writeValueAsString(JsonValues.attributes(event.attributes())));
    }

    /** Values as text the way searches compare them, so an {@code annotationQuery} matches what is shown. */
    private static Map<String, String> tags(Span span) {
        Map<String, String> tags = new LinkedHashMap<>();
        span.attributes().asMap().forEach((key, value) -> tags.put(key, value.asText()));
        span.resource().attributes().asMap().forEach((key, value) -> {
            if (!key.equals(Resource.SERVICE_NAME)) {
                tags.putIfAbsent(key, value.asText());
            }
        });
        putIfNotEmpty(tags, "otel.scope.name", span.scope().name());
        putIfNotEmpty(tags, "otel.scope.version", span.scope().version());
        if (span.status().code() != StatusCode.UNSET) {
            tags.put("otel.status_code", span.status().code().name());
        }
        if (span.status().isError()) {
            tags.putIfAbsent("error", span.status().message());
        }
        return tags;
    }

    private static void putIfNotEmpty(Map<String, String> tags, String key, String value) {
        if (!value.isEmpty()) {
            tags.put(key, value);
        }
    }
}
