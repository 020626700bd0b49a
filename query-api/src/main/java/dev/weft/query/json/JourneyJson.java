package dev.weft.query.json;

import dev.weft.correlation.journey.Journey;
import dev.weft.correlation.ledger.AsyncEdge;
import dev.weft.correlation.ledger.SpanRef;

import java.util.List;

/**
 * The journey document of DESIGN.md. {@code rootCause} and {@code criticalPath} are null until
 * root-cause analysis fills them.
 */
public record JourneyJson(String journeyId, List<String> origins, List<String> traceIds, String startTimeUnixNano,
                          String durationNanos, List<String> services, boolean truncated, List<SpanJson> spans,
                          List<EdgeJson> edges, Object rootCause, Object criticalPath, List<LogRecordJson> logs) {

    public record SpanRefJson(String traceId, String spanId) {
        static SpanRefJson of(SpanRef ref) {
            return new SpanRefJson(ref.traceId(), ref.spanId());
        }
    }

    /** An async edge; {@code lagNanos} is the consumer's start minus the producer's end. */
    public record EdgeJson(SpanRefJson from, SpanRefJson to, String rule, String key, String lagNanos) {
        static EdgeJson of(AsyncEdge edge) {
            return new EdgeJson(SpanRefJson.of(edge.producer()), SpanRefJson.of(edge.consumer()), edge.rule(), edge.key(),
                    JsonValues.nanos(edge.lagNanos()));
        }
    }

    public static JourneyJson of(Journey journey) {
        return new JourneyJson(journey.journeyId(), journey.origins(), journey.traceIds(),
                JsonValues.nanos(journey.startTimeUnixNano()), JsonValues.nanos(journey.durationNanos()),
                journey.services(), journey.truncated(), journey.spans().stream().map(SpanJson::of).toList(),
                journey.edges().stream().map(EdgeJson::of).toList(), null, null,
                journey.logs().stream().map(LogRecordJson::of).toList());
    }
}
