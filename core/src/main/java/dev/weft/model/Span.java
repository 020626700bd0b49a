package dev.weft.model;

import java.util.List;

/**
 * One span with its resource and scope, flattened out of OTLP's resource/scope grouping so
 * that storage and queries deal with self-contained items. Ids are lower-case hex;
 * {@code parentSpanId} is empty for a root span.
 */
public record Span(String traceId, String spanId, String traceState, String parentSpanId, int flags,
                   String name, SpanKind kind, long startTimeUnixNano, long endTimeUnixNano,
                   Attributes attributes, int droppedAttributesCount,
                   List<SpanEvent> events, int droppedEventsCount,
                   List<SpanLink> links, int droppedLinksCount,
                   Status status, Resource resource, InstrumentationScope scope) {

    public Span {
        traceState = traceState == null ? "" : traceState;
        parentSpanId = parentSpanId == null ? "" : parentSpanId;
        name = name == null ? "" : name;
        kind = kind == null ? SpanKind.UNSPECIFIED : kind;
        attributes = attributes == null ? Attributes.empty() : attributes;
        events = events == null ? List.of() : List.copyOf(events);
        links = links == null ? List.of() : List.copyOf(links);
        status = status == null ? Status.UNSET : status;
        resource = resource == null ? Resource.EMPTY : resource;
        scope = scope == null ? InstrumentationScope.EMPTY : scope;
    }

    public String serviceName() {
        return resource.serviceName();
    }

    public long durationNanos() {
        return endTimeUnixNano - startTimeUnixNano;
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    /** A span attribute, or else a resource attribute, as text; null when neither has the key. */
    public String attributeText(String key) {
        String value = attributes.getText(key);
        return value != null ? value : resource.attributes().getText(key);
    }
}
