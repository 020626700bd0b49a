package dev.weft.collector.ingest;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Stores items before the request is answered, without a log: for storage that keeps nothing
 * across restarts anyway (memory mode), where a log would only add a copy. A failed write is
 * refused as retryable, so the client keeps the items.
 */
public final class DirectIngest implements Ingest {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final StorageWriter writer;

    public DirectIngest(StorageWriter writer) {
        this.writer = writer;
    }

    @Override
    public void take(Signal signal, Supplier<byte[]> request, List<?> items) {
        try {
            writer.write(signal, items);
        } catch (RuntimeException e) {
            throw new IngestRefusedException("storage failed: " + e.getMessage(), RETRY_AFTER, e);
        }
    }
}
