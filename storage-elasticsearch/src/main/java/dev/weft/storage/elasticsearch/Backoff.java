package dev.weft.storage.elasticsearch;

import java.time.Duration;
import java.util.Optional;

/**
 * Exponential back-off for bulk retries: {@code initial}, doubling up to {@code max}, for at most
 * {@code maxRetries} retries. No jitter: the writer's few concurrent requests are not a herd.
 */
record Backoff(Duration initial, Duration max, int maxRetries) {

    static Backoff of(ElasticsearchStorageProperties.Bulk bulk) {
        return new Backoff(bulk.initialBackoff(), bulk.maxBackoff(), bulk.maxRetries());
    }

    /** The wait before retry number {@code retry} (0 for the first), or empty when retries are used up. */
    Optional<Duration> delay(int retry) {
        if (retry >= maxRetries) {
            return Optional.empty();
        }
        Duration delay = initial.multipliedBy(1L << Math.min(retry, 30));
        return Optional.of(delay.compareTo(max) > 0 ? max : delay);
    }
}
