package dev.weft.query.json;

import dev.weft.correlation.journey.Journey;
import dev.weft.correlation.journey.JourneyFinder;
import dev.weft.model.Span;

import java.util.List;

/** One row of a journey list. */
public record JourneySummaryJson(String journeyId, String originServiceName, String originName,
                                 String startTimeUnixNano, String durationNanos, int traceCount, int spanCount,
                                 List<String> services, boolean error, String rootCauseServiceName,
                                 String rootCauseName, boolean truncated) {

    public static JourneySummaryJson of(Journey journey) {
        Span origin = JourneyFinder.originRoot(journey);
        return new JourneySummaryJson(journey.journeyId(), origin == null ? null : origin.serviceName(),
                origin == null ? null : origin.name(), JsonValues.nanos(journey.startTimeUnixNano()),
                JsonValues.nanos(journey.durationNanos()), journey.traceIds().size(), journey.spans().size(),
                journey.services(), journey.hasFailure(),
                journey.hasFailure() ? journey.rootCause().serviceName() : null,
                journey.hasFailure() ? journey.rootCause().name() : null, journey.truncated());
    }
}
