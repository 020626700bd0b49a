package dev.weft.model;

public record SpanEvent(long timeUnixNano, String name, Attributes attributes, int droppedAttributesCount) {

    public SpanEvent {
        name = name == null ? "" : name;
        attributes = attributes == null ? Attributes.empty() : attributes;
    }
}
