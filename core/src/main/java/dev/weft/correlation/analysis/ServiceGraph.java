package dev.weft.correlation.analysis;

import java.util.List;

/**
 * Services and who calls whom, synchronously (a client span and the server span it caused in
 * another service) and asynchronously (a producer's service and the consumer's service across
 * an async edge, through the destination where the producer names one).
 */
public record ServiceGraph(List<Node> nodes, List<Edge> edges) {

    public ServiceGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** {@code type} is {@code service} or {@code destination} (a queue, topic or bucket). */
    public record Node(String id, String type) {
    }

    /** Nanosecond percentiles of a set of durations. */
    public record Percentiles(long p50, long p95, long p99) {
    }

    /**
     * @param kind        {@code sync} or {@code async}
     * @param destination the queue, topic or bucket an async edge passed through; null when unknown or sync
     * @param latency     durations of the callee's spans
     * @param queueLag    async only: consumer start minus producer end, clock skew counted as no wait
     */
    public record Edge(String parent, String child, String kind, String destination, long callCount, long errorCount,
                       Percentiles latency, Percentiles queueLag) {
    }
}
