package dev.weft.bench.stats;

import io.grpc.Status;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Figures of one phase of a run; latencies are of successful export calls, in milliseconds. */
public record Summary(double seconds, long calls, long acceptedSpans, long rejectedSpans,
                      Map<Status.Code, Long> failedCalls, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    public double spansPerSecond() {
        return seconds > 0 ? acceptedSpans / seconds : 0;
    }

    public long failedCallCount() {
        return failedCalls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One human-readable line, for progress and the final report. */
    public String line() {
        String failures = failedCalls.isEmpty() ? "" : " (" + failures(", ", "=") + ")";
        return String.format(Locale.ROOT,
                "%.1f spans/s, accepted=%d rejected=%d calls=%d failed_calls=%d%s, export latency ms p50=%.2f p95=%.2f p99=%.2f max=%.2f",
                spansPerSecond(), acceptedSpans, rejectedSpans, calls, failedCallCount(), failures,
                p50Ms, p95Ms, p99Ms, maxMs);
    }

    /** The line scripts parse: space-separated key=value pairs after {@code RESULT}. */
    public String resultLine() {
        return String.format(Locale.ROOT,
                "RESULT spans_per_sec=%.1f accepted=%d rejected=%d calls=%d failed_calls=%d failures=%s seconds=%.3f"
                        + " p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f",
                spansPerSecond(), acceptedSpans, rejectedSpans, calls, failedCallCount(),
                failedCalls.isEmpty() ? "-" : failures(",", ":"), seconds, p50Ms, p95Ms, p99Ms, maxMs);
    }

    private String failures(String separator, String assign) {
        return failedCalls.entrySet().stream().map(e -> e.getKey() + assign + e.getValue())
                .collect(Collectors.joining(separator));
    }
}
