package dev.weft.query;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Result and time-range limits of the query API ({@code weft.query.*}). The maximums exist so that
 * one request cannot make the server materialise an unbounded result or scan months of data: a
 * client asking for more gets a 400 naming the parameter rather than a silently truncated answer
 * it would take for complete.
 *
 * @param defaultSearchLimit traces a search returns when the request has no {@code limit}
 * @param maxSearchLimit     the largest {@code limit} a trace search accepts
 * @param defaultLogLimit    log records returned when the request has no {@code limit}
 * @param maxLogLimit        the largest {@code limit} a log query accepts
 * @param defaultMetricLimit metric points returned when the request has no {@code limit}
 * @param maxMetricLimit     the largest {@code limit} a metric query accepts
 * @param maxSearchWindow    the longest time range a query may ask for, with {@code start} and
 *                           {@code end} or Zipkin's {@code lookback}. 31 days, the longest month,
 *                           lets Grafana's "Last 30 days" and "This month" through and covers
 *                           four times the default retention; with a longer retention, it keeps
 *                           one query from scanning months of daily indices at once. A range open
 *                           on one side is not limited: it asks for no span of time, and
 *                           retention alone bounds it
 */
@ConfigurationProperties("weft.query")
public record QueryProperties(@DefaultValue("20") int defaultSearchLimit,
                              @DefaultValue("1000") int maxSearchLimit,
                              @DefaultValue("100") int defaultLogLimit,
                              @DefaultValue("5000") int maxLogLimit,
                              @DefaultValue("1000") int defaultMetricLimit,
                              @DefaultValue("10000") int maxMetricLimit,
                              @DefaultValue("31d") Duration maxSearchWindow) {

    public QueryProperties {
        requireLimits("search", defaultSearchLimit, maxSearchLimit);
        requireLimits("log", defaultLogLimit, maxLogLimit);
        requireLimits("metric", defaultMetricLimit, maxMetricLimit);
        if (maxSearchWindow == null || !maxSearchWindow.isPositive()) {
            throw new IllegalArgumentException("weft.query.max-search-window must be positive, was " + maxSearchWindow);
        }
    }

    private static void requireLimits(String what, int defaultLimit, int max) {
        if (defaultLimit <= 0 || defaultLimit > max) {
            throw new IllegalArgumentException("weft.query.default-" + what + "-limit must be between 1 and weft.query.max-"
                    + what + "-limit (" + max + "), was " + defaultLimit);
        }
    }
}
