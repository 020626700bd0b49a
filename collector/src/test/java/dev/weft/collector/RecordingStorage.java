package dev.weft.collector;

import dev.weft.storage.LogConsumer;
import dev.weft.storage.LogStore;
import dev.weft.storage.MetricConsumer;
import dev.weft.storage.MetricStore;
import dev.weft.storage.SpanConsumer;
import dev.weft.storage.SpanStore;
import dev.weft.storage.StorageComponent;

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
