package dev.weft.storage.elasticsearch;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.Locale;

/**
 * How Weft lays out and writes its Elasticsearch indices. The connection itself is Spring Boot's
 * ({@code spring.elasticsearch.uris}, {@code .username}, {@code .password}).
 *
 * @param indexPrefix      prepended to every index and template name, so that several Weft installations
 *                         (or tests) can share one cluster
 * @param shards           primary shards of each daily index; one is right until a day holds tens of GB
 * @param replicas         replicas of each daily index; 0 on a single node, which could never place a replica
 *                         and would stay yellow
 * @param refreshInterval  how soon written items become searchable; longer means cheaper indexing
 * @param retention        daily indices whose whole day is older than this are deleted
 * @param retentionCheck   how often the retention job looks for expired indices
 * @param bulk             the bulk writer
 */
@ConfigurationProperties("weft.storage.elasticsearch")
public record ElasticsearchStorageProperties(
        @DefaultValue("weft-") String indexPrefix,
        @DefaultValue("1") int shards,
        @DefaultValue("0") int replicas,
        @DefaultValue("1s") Duration refreshInterval,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("1h") Duration retentionCheck,
        @DefaultValue Bulk bulk) {

    public ElasticsearchStorageProperties {
        // Elasticsearch's own rules for index names, which the bulk writer's unescaped action lines rely on.
        require(indexPrefix != null && indexPrefix.equals(indexPrefix.toLowerCase(Locale.ROOT))
                && !indexPrefix.isBlank() && indexPrefix.chars().noneMatch(c -> c < ' ' || "\\/*?\"<>| ,#:".indexOf(c) >= 0)
                && "-_+".indexOf(indexPrefix.charAt(0)) < 0,
                "index-prefix must be non-blank lower case, not start with '-', '_' or '+', and hold none of "
                        + "\\ / * ? \" < > | , # : or spaces");
        require(shards >= 1, "shards must be at least 1");
        require(replicas >= 0, "replicas must not be negative");
        require(refreshInterval.isPositive(), "refresh-interval must be positive");
        require(retention.compareTo(Duration.ofDays(1)) >= 0, "retention must be at least one day (indices are daily)");
        require(retentionCheck.isPositive(), "retention-check must be positive");
    }

    /**
     * Bulk writing. A request is sent when {@code maxActions} items or {@code maxBytes} of documents
     * are pending, or {@code flushInterval} after the last flush; up to {@code concurrency} requests
     * run at once. Rejections (HTTP 429) and connection failures are retried after
     * {@code initialBackoff}, doubling up to {@code maxBackoff}, at most {@code maxRetries} times.
     */
    public record Bulk(
            @DefaultValue("5000") int maxActions,
            @DefaultValue("5MB") DataSize maxBytes,
            @DefaultValue("200ms") Duration flushInterval,
            @DefaultValue("2") int concurrency,
            @DefaultValue("100ms") Duration initialBackoff,
            @DefaultValue("10s") Duration maxBackoff,
            @DefaultValue("8") int maxRetries) {

        public Bulk {
            require(maxActions >= 1, "bulk.max-actions must be at least 1");
            require(maxBytes.toBytes() >= 1, "bulk.max-bytes must be positive");
            require(flushInterval.isPositive(), "bulk.flush-interval must be positive");
            require(concurrency >= 1, "bulk.concurrency must be at least 1");
            require(initialBackoff.isPositive() && maxBackoff.compareTo(initialBackoff) >= 0,
                    "bulk.initial-backoff must be positive and not above bulk.max-backoff");
            require(maxRetries >= 0, "bulk.max-retries must not be negative");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("weft.storage.elasticsearch." + message);
        }
    }
}
