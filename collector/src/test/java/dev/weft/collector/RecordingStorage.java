package dev.weft.collector;

import dev.weft.collector.ingest.DirectIngest;
import dev.weft.collector.ingest.IngestMetrics;
import dev.weft.collector.ingest.StorageWriter;
import dev.weft.collector.otlp.OtlpDecoding;
import dev.weft.collector.otlp.OtlpIngester;
import dev.weft.otlp.IngestLimits;
import dev.weft.storage.LogConsumer;
import dev.weft.storage.LogStore;
import dev.weft.storage.MetricConsumer;
import dev.weft.storage.MetricStore;
import dev.weft.storage.SpanConsumer;
import dev.weft.storage.SpanStore;
import dev.weft.storage.StorageComponent;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Storage that records every batch written to it, or fails every write when given a failure. */
public final class RecordingStorage implements StorageComponent {

    public final List<List<?>> batches = new CopyOnWriteArrayList<>();
    private final RuntimeException failure;

    public RecordingStorage(RuntimeException failure) {
        this.failure = failure;
    }

    public RecordingStorage() {
        this(null);
    }

    /**
     * An ingester that stores here directly, without a write-ahead log, with its meters in
     * {@code registry}, under {@code limits}.
     */
    public OtlpIngester directIngester(MeterRegistry registry, IngestLimits limits) {
        IngestMetrics metrics = new IngestMetrics(registry);
        return new OtlpIngester(new DirectIngest(new StorageWriter(spanConsumer(), logConsumer(), metricConsumer(), metrics)),
                new OtlpDecoding(limits), metrics);
    }

    /** The same without limits: the fixtures' fixed timestamps lie further back than the default allows. */
    public OtlpIngester directIngester(MeterRegistry registry) {
        return directIngester(registry, IngestLimits.unlimited());
    }

    private void write(List<?> batch) {
        if (failure != null) {
            throw failure;
        }
        batches.add(batch);
    }

    @Override
    public SpanConsumer spanConsumer() {
        return this::write;
    }

    @Override
    public LogConsumer logConsumer() {
        return this::write;
    }

    @Override
    public MetricConsumer metricConsumer() {
        return this::write;
    }

    @Override
    public SpanStore spanStore() {
        throw new UnsupportedOperationException();
    }

    @Override
    public LogStore logStore() {
        throw new UnsupportedOperationException();
    }

    @Override
    public MetricStore metricStore() {
        throw new UnsupportedOperationException();
    }
}
