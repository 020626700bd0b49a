package dev.weft.model;

/**
 * A sample measurement with its trace context. {@code value} is a {@link Long} or a
 * {@link Double}, as the client sent it. Ids are lower-case hex, empty when absent.
 */
public record Exemplar(Attributes filteredAttributes, long timeUnixNano, Number value, String spanId, String traceId) {

    public Exemplar {
        filteredAttributes = filteredAttributes == null ? Attributes.empty() : filteredAttributes;
        spanId = spanId == null ? "" : spanId;
        traceId = traceId == null ? "" : traceId;
    }
}
