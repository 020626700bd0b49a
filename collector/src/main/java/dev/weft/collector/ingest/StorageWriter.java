package dev.weft.collector.ingest;

import dev.weft.model.LogRecord;
import dev.weft.model.MetricPoint;
import dev.weft.model.Span;
import dev.weft.storage.LogConsumer;
import dev.weft.storage.MetricConsumer;
import dev.weft.storage.SpanConsumer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes items to storage by signal, timing every write and remembering whether the last one
 * failed, which is what health reports as a storage outage.
 */
public final class StorageWriter {

    /** The storage is failing: since when, and the latest error. */
    public record Outage(Instant since, String lastError) {
    }

    private final SpanConsumer spans;
    private final LogConsumer logs;
    private final MetricConsumer metrics;
    private final IngestMetrics meters;
    private final AtomicReference<Outage> outage = new AtomicReference<>();

    public StorageWriter(SpanConsumer spans, LogConsumer logs, MetricConsumer metrics, IngestMetrics meters) {
        this.spans = spans;
        this.logs = logs;
        this.metrics = metrics;
        this.meters = meters;
    }

    @SuppressWarnings("unchecked")
    public void write(Signal signal, List<?> items) {
        long start = System.nanoTime();
        try {
            switch (signal) {
                case TRACES -> spans.accept((List<Span>) items);
                case LOGS -> logs.accept((List<LogRecord>) items);
                case METRICS -> metrics.accept((List<MetricPoint>) items);
            }
        } catch (RuntimeException e) {
            meters.storageWrite(signal, System.nanoTime() - start, false);
            String error = String.valueOf(e.getMessage());
            outage.updateAndGet(o -> new Outage(o == null ? Instant.now() : o.since(), error));
            throw e;
        }
        meters.storageWrite(signal, System.nanoTime() - start, true);
        outage.set(null);
    }

    /** Present while the latest write failed. */
    public Optional<Outage> outage() {
        return Optional.ofNullable(outage.get());
    }
}
