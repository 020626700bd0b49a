package dev.weft.query.params;

import dev.weft.model.StatusCode;
import dev.weft.storage.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParametersTest {

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
        assertThat(QueryParameters.timeRange(null, "")).isEqualTo(TimeRange.ALL);
        assertThat(QueryParameters.limit(null, 20, 1000)).isEqualTo(20);
    }

    @Test
    void parsesPresentValues() {
        assertThat(QueryParameters.status("error")).isEqualTo(StatusCode.ERROR);
        assertThat(QueryParameters.spanId("spanId", "ABC")).isEqualTo("0000000000000abc");
        assertThat(QueryParameters.timeRange("1", "2")).isEqualTo(new TimeRange(1_000_000_000L, 2_000_000_000L));
        assertThat(QueryParameters.timeRange("5", null)).isEqualTo(new TimeRange(5_000_000_000L, Long.MAX_VALUE));
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
}
