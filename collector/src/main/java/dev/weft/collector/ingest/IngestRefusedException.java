package dev.weft.collector.ingest;

import java.time.Duration;

/**
 * A request Weft cannot take now but will later: the receivers answer it with the retryable status
 * OTLP defines (gRPC RESOURCE_EXHAUSTED with RetryInfo, HTTP 503 with Retry-After), so exporters send
 * it again instead of dropping it.
 */
public final class IngestRefusedException extends RuntimeException {

    private final Duration retryAfter;

    public IngestRefusedException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
