package dev.weft.storage;

/** A metric point search by metric name, service and time of the point; null means "any". */
public record MetricQuery(String metricName, String serviceName, TimeRange timeRange, int limit) {

    public MetricQuery {
        timeRange = timeRange == null ? TimeRange.ALL : timeRange;
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }
}
