package dev.weft.collector.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The collector's own meters, as Prometheus shows them: {@code weft_ingest_items_total} by signal and
 * outcome (accepted, rejected), {@code weft_ingest_truncations_total} (attributes dropped or
 * shortened by the limits), {@code weft_ingest_refused_requests_total} (answered "retry later"),
 * {@code weft_ingest_dropped_items_total} (taken but refused by storage for good),
 * {@code weft_storage_writes_seconds} by signal and outcome, and the write-ahead log's
 * {@code weft_wal_bytes}, {@code weft_wal_max_bytes} and {@code weft_wal_oldest_age_seconds}.
 */
public final class IngestMetrics {

    private final MeterRegistry registry;
    /** The meters every request touches, registered once rather than looked up per request. */
    private final Map<Signal, Counter> accepted = new EnumMap<>(Signal.class);
    private final Map<Signal, Counter> rejected = new EnumMap<>(Signal.class);
    private final Map<Signal, Timer> stored = new EnumMap<>(Signal.class);
    private final Map<Signal, Timer> failed = new EnumMap<>(Signal.class);

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Signal signal : Signal.values()) {
            accepted.put(signal, items(signal, "accepted"));
            rejected.put(signal, items(signal, "rejected"));
            stored.put(signal, writes(signal, "success"));
            failed.put(signal, writes(signal, "error"));
        }
    }

    public void decoded(Signal signal, long accepted, long rejected, long truncations) {
        this.accepted.get(signal).increment(accepted);
        this.rejected.get(signal).increment(rejected);
        if (truncations > 0) {
            Counter.builder("weft.ingest.truncations").tag("signal", signal.tag())
                    .description("Attributes dropped or values shortened by the ingest limits")
                    .register(registry).increment(truncations);
        }
    }

    public void refused(Signal signal, String reason) {
        Counter.builder("weft.ingest.refused.requests").tag("signal", signal.tag()).tag("reason", reason)
                .description("Export requests answered with a retryable status").register(registry).increment();
    }

    public void dropped(Signal signal, long items, String reason) {
        Counter.builder("weft.ingest.dropped.items").tag("signal", signal.tag()).tag("reason", reason)
                .description("Acknowledged items that storage refused for good").register(registry).increment(items);
    }

    public void storageWrite(Signal signal, long nanos, boolean success) {
        (success ? stored : failed).get(signal).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Gauges of the write-ahead log, read when scraped. */
    public void log(Supplier<Number> bytes, long maxBytes, Supplier<Number> oldestAgeSeconds) {
        Gauge.builder("weft.wal.bytes", bytes).baseUnit("bytes").description("Bytes in the write-ahead log")
                .register(registry);
        Gauge.builder("weft.wal.max.bytes", () -> maxBytes).baseUnit("bytes")
                .description("Bound of the write-ahead log").register(registry);
        Gauge.builder("weft.wal.oldest.age", oldestAgeSeconds).baseUnit("seconds")
                .description("Age of the oldest data in the write-ahead log").register(registry);
    }

    private Timer writes(Signal signal, String outcome) {
        return Timer.builder("weft.storage.writes").tag("signal", signal.tag()).tag("outcome", outcome)
                .description("Writes of ingested items to storage").register(registry);
    }

    private Counter items(Signal signal, String outcome) {
        return Counter.builder("weft.ingest.items").tag("signal", signal.tag()).tag("outcome", outcome)
                .description("Items received over OTLP").register(registry);
    }
}
