package dev.weft.query.json;

import dev.weft.model.Span;
import dev.weft.model.SpanEvent;
import dev.weft.model.SpanLink;

import java.util.List;
import java.util.Map;

/**
 * A span as every Weft API returns it (the span shape of the journey document): flat, with its
 * service name lifted out of the resource so that a waterfall needs no lookups.
 */
public record SpanJson(String traceId, String spanId, String parentSpanId, String traceState, long flags,
                       String name, String kind, String serviceName,
                       String startTimeUnixNano, String endTimeUnixNano, String durationNanos,
                       StatusJson status, Map<String, Object> attributes, Map<String, Object> resource,
                       ScopeJson scope, List<EventJson> events, List<LinkJson> links,
                       int droppedAttributesCount, int droppedEventsCount, int droppedLinksCount) {

    public record StatusJson(String code, String message) {
    }

    public record EventJson(String timeUnixNano, String name, Map<String, Object> attributes,
                            int droppedAttributesCount) {

        static EventJson of(SpanEvent event) {
            return new EventJson(JsonValues.nanos(event.timeUnixNano()), event.name(),
                    JsonValues.attributes(event.attributes()), event.droppedAttributesCount());
        }
    }

    public record LinkJson(String traceId, String spanId, String traceState, long flags,
                           Map<String, Object> attributes, int droppedAttributesCount) {

        static LinkJson of(SpanLink link) {
            return new LinkJson(link.traceId(), link.spanId(), link.traceState(), Integer.toUnsignedLong(link.flags()),
                    JsonValues.attributes(link.attributes()), link.droppedAttributesCount());
        }
    }

    public static SpanJson of(Span span) {
        return new SpanJson(span.traceId(), span.spanId(), span.parentSpanId(), span.traceState(),
                Integer.toUnsignedLong(span.flags()), span.name(), span.kind().name(), span.serviceName(),
                JsonValues.nanos(span.startTimeUnixNano()), JsonValues.nanos(span.endTimeUnixNano()),
                JsonValues.nanos(span.durationNanos()),
                new StatusJson(span.status().code().name(), span.status().message()),
                JsonValues.attributes(span.attributes()), JsonValues.resource(span.resource()),
                ScopeJson.of(span.scope()),
                span.events().stream().map(EventJson::of).toList(),
                span.links().stream().map(LinkJson::of).toList(),
                span.droppedAttributesCount(), span.droppedEventsCount(), span.droppedLinksCount());
    }
}
