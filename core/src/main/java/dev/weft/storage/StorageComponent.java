package dev.weft.storage;

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

    @Override
    default void close() {
    }
}
