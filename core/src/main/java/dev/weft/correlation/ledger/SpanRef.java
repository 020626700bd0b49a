package dev.weft.correlation.ledger;

import dev.weft.model.TraceIds;

import java.util.Objects;

/**
 * A span by its ids, in the canonical form (32 and 16 lower-case hex digits) so that equal
 * spans compare equal as text in every ledger.
 */
public record SpanRef(String traceId, String spanId) {

    public SpanRef {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        if (!traceId.equals(TraceIds.normalizeTraceId(traceId)) || !spanId.equals(TraceIds.normalizeSpanId(spanId))) {
            throw new IllegalArgumentException("span ids must be 32 and 16 lower-case hex digits: " + traceId + "/" + spanId);
        }
    }
}
