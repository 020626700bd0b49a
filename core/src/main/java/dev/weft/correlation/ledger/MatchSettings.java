package dev.weft.correlation.ledger;

import java.util.Map;
import java.util.Objects;

/**
 * The policies of one matching pass. A (rule, key) held by more than {@code maxKeyFanout}
 * spans on one side is a hot key (a constant such as a bucket name, or a test id sent a
 * million times) and makes no edges at all: every choice among its spans would be a guess,
 * and all of them would glue unrelated journeys together.
 */
public record MatchSettings(Map<String, MatchPolicy> policies, MatchPolicy defaultPolicy, int maxKeyFanout) {

    public MatchSettings {
        policies = Map.copyOf(policies);
        Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        if (maxKeyFanout <= 0) {
            throw new IllegalArgumentException("maxKeyFanout must be positive");
        }
    }

    public MatchPolicy policyFor(String rule) {
        return policies.getOrDefault(rule, defaultPolicy);
    }
}
