package dev.weft.model;

/** A link to another span; ids are lower-case hex. */
public record SpanLink(String traceId, String spanId, String traceState, Attributes attributes,
                       int droppedAttributesCount, int flags) {

    public SpanLink {
        traceState = traceState == null ? "" : traceState;
        attributes = attributes == null ? Attributes.empty() : attributes;
    }
}
