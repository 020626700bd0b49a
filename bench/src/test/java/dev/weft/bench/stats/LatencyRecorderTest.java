package dev.weft.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentilesUseTheNearestRank() {
        long[] oneToHundred = LongStream.rangeClosed(1, 100).toArray();
        assertThat(LatencyRecorder.percentile(oneToHundred, 50)).isEqualTo(50);
        assertThat(LatencyRecorder.percentile(oneToHundred, 95)).isEqualTo(95);
        assertThat(LatencyRecorder.percentile(oneToHundred, 99)).isEqualTo(99);
        assertThat(LatencyRecorder.percentile(oneToHundred, 100)).isEqualTo(100);

        long[] tens = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertThat(LatencyRecorder.percentile(tens, 50)).isEqualTo(50);
        assertThat(LatencyRecorder.percentile(tens, 51)).isEqualTo(60);
        assertThat(LatencyRecorder.percentile(tens, 95)).isEqualTo(100);
    }

    @Test
    void smallSamplesGiveMeasuredValues() {
        assertThat(LatencyRecorder.percentile(new long[0], 99)).isZero();
        assertThat(LatencyRecorder.percentile(new long[] {7}, 50)).isEqualTo(7);
        assertThat(LatencyRecorder.percentile(new long[] {7}, 99)).isEqualTo(7);
        assertThat(LatencyRecorder.percentile(new long[] {3, 9}, 50)).isEqualTo(3);
        assertThat(LatencyRecorder.percentile(new long[] {3, 9}, 99)).isEqualTo(9);
    }

    @Test
    void snapshotHoldsEveryRecordedValueSorted() {
        List<Long> values = new ArrayList<>(LongStream.rangeClosed(1, 5000).boxed().toList());
        Collections.shuffle(values, new Random(1));
        LatencyRecorder recorder = new LatencyRecorder();
        values.forEach(recorder::record);

        long[] sorted = recorder.sortedSnapshot();
        assertThat(sorted).hasSize(5000).startsWith(1, 2, 3).endsWith(4999, 5000).isSorted();
        assertThat(LatencyRecorder.percentile(sorted, 99)).isEqualTo(4950);
    }
}
