package dev.weft.storage.postgres;

import java.util.Objects;
import java.util.Set;

/**
 * A journey as {@link PostgresJourneyStore} keeps it: the origin's trace id, when its root
 * span started, whether it stopped growing at the size limit, and its member traces (the
 * origin included).
 */
public record StoredJourney(String journeyId, long startUnixNano, boolean truncated, Set<String> traceIds) {

    public StoredJourney {
        Objects.requireNonNull(journeyId, "journeyId");
        traceIds = Set.copyOf(traceIds);
    }
}
