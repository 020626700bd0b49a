package dev.weft.correlator;

import dev.weft.correlation.rules.RuleDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code weft.correlation}: how async edges are found and journeys bounded.
 *
 * @param window          how far apart a producer and a consumer may start for the built-in rules (and
 *                        user rules without a window) to join them
 * @param disabledRules   built-in rules to switch off, by name
 * @param maxKeyFanout    a key shared by more spans than this on one side is a hot key and makes no edges
 * @param maxJourneyTraces a journey stops growing at this many traces and says it was truncated
 * @param matchInterval   how often the correlator matches new keys; a journey reflects a new span
 *                        within about this long
 * @param ruleRefreshInterval how often every process re-reads rules added over the API elsewhere
 * @param rules           user-defined rules from configuration
 */
@ConfigurationProperties("weft.correlation")
public record CorrelationProperties(@DefaultValue("24h") Duration window,
                                    @DefaultValue Set<String> disabledRules,
                                    @DefaultValue("100") int maxKeyFanout,
                                    @DefaultValue("200") int maxJourneyTraces,
                                    @DefaultValue("500ms") Duration matchInterval,
                                    @DefaultValue("10s") Duration ruleRefreshInterval,
                                    @DefaultValue List<ConfiguredRule> rules) {

    public CorrelationProperties {
        require(!window.isNegative() && !window.isZero(), "window must be positive, was " + window);
        require(maxKeyFanout > 0, "max-key-fanout must be positive, was " + maxKeyFanout);
        require(maxJourneyTraces > 0, "max-journey-traces must be positive, was " + maxJourneyTraces);
        require(!matchInterval.isNegative() && !matchInterval.isZero(), "match-interval must be positive, was " + matchInterval);
        require(!ruleRefreshInterval.isNegative() && !ruleRefreshInterval.isZero(),
                "rule-refresh-interval must be positive, was " + ruleRefreshInterval);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("weft.correlation." + message);
        }
    }

    /**
     * A rule as configuration binds it. Attribute names contain dots, so in YAML they are keys in
     * brackets: {@code where: {"[messaging.destination.name]": orders}}.
     */
    public record ConfiguredRule(String name, Side producer, Side consumer, Duration window) {

        public record Side(@DefaultValue Map<String, List<String>> where, @DefaultValue List<String> key) {
        }

        public RuleDefinition toDefinition() {
            return new RuleDefinition(name, side(producer), side(consumer), window == null ? null : window.toString());
        }

        private static RuleDefinition.SideSpec side(Side side) {
            return side == null ? null : new RuleDefinition.SideSpec(new LinkedHashMap<>(side.where()), side.key());
        }
    }
}
