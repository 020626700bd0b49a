package dev.weft.query.json;

import dev.weft.correlation.analysis.CriticalPathStep;
import dev.weft.correlation.journey.Journey;
import dev.weft.correlation.ledger.AsyncEdge;
import dev.weft.correlation.ledger.SpanRef;

import java.util.List;

/** The journey document of DESIGN.md; {@code rootCause} is null when nothing failed. */
public record JourneyJson(String journeyId, List<String> origins, List<String> traceIds, String startTimeUnixNano,
                          String durationNanos, List<String> services, boolean truncated, List<SpanJson> spans,
                          List<EdgeJson> edges, RootCauseJson rootCause, List<StepJson> criticalPath,
                          List<LogRecordJson> logs) {

    public record SpanRefJson(String traceId, String spanId) {
        public static SpanRefJson of(SpanRef ref) {
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

    /** A critical-path step: the span's own time on the path and the queue wait before it. */
    public record StepJson(String traceId, String spanId, String selfNanos, String queueLagNanos) {
        static StepJson of(CriticalPathStep step) {
            return new StepJson(step.traceId(), step.spanId(), JsonValues.nanos(step.selfNanos()),
                    JsonValues.nanos(step.queueLagNanos()));
        }
    }

    public static JourneyJson of(Journey journey) {
        return new JourneyJson(journey.journeyId(), journey.origins(), journey.traceIds(),
                JsonValues.nanos(journey.startTimeUnixNano()), JsonValues.nanos(journey.durationNanos()),
                journey.services(), journey.truncated(), journey.spans().stream().map(SpanJson::of).toList(),
                journey.edges().stream().map(EdgeJson::of).toList(), RootCauseJson.of(journey.rootCause()),
                journey.criticalPath().stream().map(StepJson::of).toList(),
                journey.logs().stream().map(LogRecordJson::of).toList());
    }
}
