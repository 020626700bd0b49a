package dev.weft.query.params;

import dev.weft.model.StatusCode;
import dev.weft.storage.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParametersTest {

    private static final Duration WINDOW = Duration.ofHours(1);

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"TRACE, 1", "trace2, 2", "TRACE4, 4", "DEBUG, 5", "INFO, 9", "Info3, 11", "WARN, 13", "ERROR, 17",
            "FATAL, 21", "FATAL4, 24", "1, 1", "24, 24", "' 13 ', 13"})
    void severityNamesAreTheOtlpShortNames(String value, int number) {
        assertThat(QueryParameters.minSeverity(value)).isEqualTo(number);
    }

    @Test
    void absentOrBlankMeansNoCondition() {
        assertThat(QueryParameters.minSeverity(null)).isZero();
        assertThat(QueryParameters.minSeverity(" ")).isZero();
        assertThat(QueryParameters.text("")).isNull();
        assertThat(QueryParameters.status(null)).isNull();
        assertThat(QueryParameters.duration("minDuration", "")).isNull();
        assertThat(QueryParameters.traceId("traceId", null)).isNull();
        assertThat(QueryParameters.timeRange(null, "", WINDOW)).isEqualTo(TimeRange.ALL);
        assertThat(QueryParameters.limit(null, 20, 1000)).isEqualTo(20);
    }

    @Test
    void parsesPresentValues() {
        assertThat(QueryParameters.status("error")).isEqualTo(StatusCode.ERROR);
        assertThat(QueryParameters.spanId("spanId", "ABC")).isEqualTo("0000000000000abc");
        assertThat(QueryParameters.timeRange("1", "2", WINDOW)).isEqualTo(new TimeRange(1_000_000_000L, 2_000_000_000L));
        assertThat(QueryParameters.timeRange("5", null, WINDOW)).isEqualTo(new TimeRange(5_000_000_000L, Long.MAX_VALUE));
        assertThat(QueryParameters.limit("1000", 20, 1000)).isEqualTo(1000);
        assertThat(QueryParameters.maxDuration("maxDuration", "1s", 1_000_000_000L)).isEqualTo(1_000_000_000L);
    }

    @Test
    void errorsNameTheParameterTheCallerGave() {
        assertThatThrownBy(() -> QueryParameters.duration("minDuration", "soon"))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("minDuration"))
                .hasMessageStartingWith("invalid parameter 'minDuration': 'soon' is not a duration");
    }

    @Test
    void aRangeGivenOnBothSidesIsAtMostTheMaximumWindow() {
        assertThat(QueryParameters.timeRange("2024-05-01T00:00:00Z", "2024-05-01T01:00:00Z", WINDOW))
                .isEqualTo(new TimeRange(1_714_521_600_000_000_000L, 1_714_525_200_000_000_000L));
        assertThatThrownBy(() -> QueryParameters.timeRange("2024-05-01T00:00:00Z", "2024-05-01T01:00:00.000000001Z", WINDOW))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("start"))
                .hasMessage("invalid parameter 'start': the window set by start and end is 1h1ns, more than the maximum "
                        + "of 1h (weft.query.max-search-window)");
    }

    @Test
    void aRangeOpenOnOneSideIsNotLimited() {
        assertThat(QueryParameters.timeRange("1", null, WINDOW)).isEqualTo(new TimeRange(1_000_000_000L, Long.MAX_VALUE));
        assertThat(QueryParameters.timeRange(null, "1700000000", WINDOW))
                .isEqualTo(new TimeRange(0, 1_700_000_000_000_000_000L));
    }
}
