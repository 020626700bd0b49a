package dev.weft.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {

    private static final long MS = 1_000_000L;

    @Test
    void summaryCountsAcceptedRejectedAndFailedCallsOverThePhase() {
        Stats stats = new Stats(1_000 * MS);
        stats.recordSuccess(100, 0, 2 * MS);
        stats.recordSuccess(100, 10, 4 * MS);
        stats.recordSuccess(100, 0, 6 * MS);
        stats.recordSuccess(100, 0, 8 * MS);
        stats.recordFailure(Status.Code.UNAVAILABLE);
        stats.recordFailure(Status.Code.RESOURCE_EXHAUSTED);
        stats.recordFailure(Status.Code.RESOURCE_EXHAUSTED);

        Summary s = stats.summarize(3_000 * MS);

        assertThat(s.seconds()).isEqualTo(2.0);
        assertThat(s.calls()).isEqualTo(7);
        assertThat(s.acceptedSpans()).isEqualTo(390);
        assertThat(s.rejectedSpans()).isEqualTo(10);
        assertThat(s.spansPerSecond()).isEqualTo(195.0);
        assertThat(s.failedCalls()).containsExactly(
                Map.entry(Status.Code.RESOURCE_EXHAUSTED, 2L), Map.entry(Status.Code.UNAVAILABLE, 1L));
        assertThat(s.failedCallCount()).isEqualTo(3);
        assertThat(new double[] {s.p50Ms(), s.p95Ms(), s.p99Ms(), s.maxMs()}).containsExactly(4, 8, 8, 8);
        assertThat(s.resultLine()).isEqualTo("RESULT spans_per_sec=195.0 accepted=390 rejected=10 calls=7"
                + " failed_calls=3 failures=RESOURCE_EXHAUSTED:2,UNAVAILABLE:1 seconds=2.000"
                + " p50_ms=4.000 p95_ms=8.000 p99_ms=8.000 max_ms=8.000");
        assertThat(s.line()).isEqualTo("195.0 spans/s, accepted=390 rejected=10 calls=7 failed_calls=3"
                + " (RESOURCE_EXHAUSTED=2, UNAVAILABLE=1), export latency ms p50=4.00 p95=8.00 p99=8.00 max=8.00");
    }

    @Test
    void anEmptyPhaseReportsZeros() {
        Summary s = new Stats(0).summarize(0);
        assertThat(s.spansPerSecond()).isZero();
        assertThat(s.resultLine()).isEqualTo("RESULT spans_per_sec=0.0 accepted=0 rejected=0 calls=0 failed_calls=0"
                + " failures=- seconds=0.000 p50_ms=0.000 p95_ms=0.000 p99_ms=0.000 max_ms=0.000");
    }
}
