package dev.weft.correlation.analysis;

/**
 * One step of a journey's critical path: a span's own time on the path, and the queue wait
 * before it when an async hop led to it (never negative: clock skew is not a wait).
 */
public record CriticalPathStep(String traceId, String spanId, long selfNanos, long queueLagNanos) {
}
