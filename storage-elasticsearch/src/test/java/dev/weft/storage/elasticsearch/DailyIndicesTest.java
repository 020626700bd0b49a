package dev.weft.storage.elasticsearch;

import dev.weft.storage.TimeRange;
import dev.weft.storage.elasticsearch.DailyIndices.Signal;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static dev.weft.testing.TestTelemetry.T0;
import static org.assertj.core.api.Assertions.assertThat;

class DailyIndicesTest {

    private static final long DAY = 86_400_000_000_000L;
    private final DailyIndices indices = new DailyIndices("weft-");

    @Test
    void namesAnItemsIndexByItsUtcDay() {
        assertThat(indices.name(Signal.SPANS, T0)).isEqualTo("weft-spans-2026.01.01");
        assertThat(indices.name(Signal.LOGS, T0 - 1)).isEqualTo("weft-logs-2025.12.31");
        assertThat(indices.name(Signal.METRICS, T0 + DAY - 1)).isEqualTo("weft-metrics-2026.01.01");
    }

    @Test
    void aBoundedRangeNamesTheIndicesOfItsDaysOnly() {
        assertThat(indices.names(Signal.SPANS, new TimeRange(T0, T0))).containsExactly("weft-spans-2026.01.01");
        assertThat(indices.names(Signal.SPANS, new TimeRange(T0 - 1, T0 + DAY)))
                .containsExactly("weft-spans-2025.12.31", "weft-spans-2026.01.01", "weft-spans-2026.01.02");
    }

    @Test
    void anUnboundedOrVeryLongRangeUsesThePattern() {
        assertThat(indices.names(Signal.LOGS, TimeRange.ALL)).containsExactly("weft-logs-*");
        assertThat(indices.names(Signal.LOGS, new TimeRange(T0, T0 + DailyIndices.MAX_LISTED_DAYS * DAY)))
                .containsExactly("weft-logs-*");
        assertThat(indices.names(Signal.LOGS, new TimeRange(T0, T0 + (DailyIndices.MAX_LISTED_DAYS - 1) * DAY)))
                .hasSize(DailyIndices.MAX_LISTED_DAYS);
    }

    @Test
    void readsTheDayOnlyFromItsOwnDailyIndexNames() {
        assertThat(indices.dayOf("weft-metrics-2026.01.31")).contains(LocalDate.of(2026, 1, 31));
        assertThat(indices.dayOf("weft-spans-2026.13.01")).isEmpty();
        assertThat(indices.dayOf("weft-spans-latest")).isEmpty();
        assertThat(indices.dayOf("weft-other-2026.01.01")).isEmpty();
        assertThat(indices.dayOf("weft-test-spans-2026.01.01")).isEmpty();
        assertThat(indices.dayOf("xweft-spans-2026.01.01")).isEmpty();
    }
}
