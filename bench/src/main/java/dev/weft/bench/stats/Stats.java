package dev.weft.bench.stats;

import io.grpc.Status;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one phase of a run (warm-up or measured), updated from gRPC callback threads. */
public final class Stats {

    private static final double NANOS_PER_MS = 1_000_000.0;

    private final long startNanos;
    private final LongAdder calls = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final Map<Status.Code, LongAdder> failures = new ConcurrentHashMap<>();
    private final LatencyRecorder latencies = new LatencyRecorder();

    /** @param startNanos {@link System#nanoTime()} at which the phase starts */
    public Stats(long startNanos) {
        this.startNanos = startNanos;
    }

    /** A completed export call; {@code rejectedSpans} comes from the response's partial_success. */
    public void recordSuccess(int spans, long rejectedSpans, long latencyNanos) {
        calls.increment();
        accepted.add(spans - rejectedSpans);
        rejected.add(rejectedSpans);
        latencies.record(latencyNanos);
    }

    public void recordFailure(Status.Code code) {
        calls.increment();
        failures.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** The phase's figures with rates computed up to {@code endNanos}. */
    public Summary summarize(long endNanos) {
        long[] sorted = latencies.sortedSnapshot();
        Map<Status.Code, Long> failed = new EnumMap<>(Status.Code.class);
        failures.forEach((code, count) -> failed.put(code, count.sum()));
        return new Summary((endNanos - startNanos) / 1e9, calls.sum(), accepted.sum(), rejected.sum(), failed,
                ms(LatencyRecorder.percentile(sorted, 50)), ms(LatencyRecorder.percentile(sorted, 95)),
                ms(LatencyRecorder.percentile(sorted, 99)), ms(LatencyRecorder.percentile(sorted, 100)));
    }

    private static double ms(long nanos) {
        return nanos / NANOS_PER_MS;
    }
}
