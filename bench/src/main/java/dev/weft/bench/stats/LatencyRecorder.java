package dev.weft.bench.stats;

import java.util.Arrays;

/**
 * Keeps every export-call latency. A run makes at most a few million calls, so exact
 * percentiles cost a few MB and need neither a histogram library nor bucket-size choices.
 */
public final class LatencyRecorder {

    private long[] nanos = new long[1024];
    private int size;

    public synchronized void record(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    public synchronized long[] sortedSnapshot() {
        long[] copy = Arrays.copyOf(nanos, size);
        Arrays.sort(copy);
        return copy;
    }

    /**
     * Nearest-rank percentile (the smallest value with at least {@code p} percent of the values at
     * or below it), so every figure reported is a latency that was actually measured; 0 when empty.
     */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
}
