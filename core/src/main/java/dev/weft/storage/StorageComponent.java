package dev.weft.storage;

import dev.weft.traceql.TraceQlSearcher;

/**
 * One storage backend: the writers and readers of every signal. Nothing above this interface
 * knows whether memory or Elasticsearch is behind it.
 */
public interface StorageComponent extends AutoCloseable {

    SpanConsumer spanConsumer();

    SpanStore spanStore();

    LogConsumer logConsumer();

    LogStore logStore();

    MetricConsumer metricConsumer();

    MetricStore metricStore();

    /** TraceQL over the stored spans; a default only so that test doubles need not implement it. */
    default TraceQlSearcher traceQlSearcher() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not search with TraceQL");
    }

    /**
     * Whether what is stored outlives the process. The collector puts a write-ahead log in front
     * of durable storage only: in front of memory it would keep a copy of what a restart loses anyway.
     */
    default boolean durable() {
        return false;
    }

    @Override
    default void close() {
    }
}
