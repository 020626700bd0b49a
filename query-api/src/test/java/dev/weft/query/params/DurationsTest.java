package dev.weft.query.params;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({
            "0, 0",
            "1500, 1500",
            "10ns, 10",
            "250us, 250000",
            "250µs, 250000",
            "100ms, 100000000",
            "1.5s, 1500000000",
            ".5s, 500000000",
            "2m, 120000000000",
            "1h30m, 5400000000000",
            "1h0m0.25s, 3600250000000",
            "1d, 86400000000000",
            "1w, 604800000000000",
            "1.5ns, 1",
            "9223372036854775807, 9223372036854775807",
            "106751d, 9223286400000000000",
    })
    void parses(String text, long nanos) {
        assertThat(Durations.parseNanos(text)).isEqualTo(nanos);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "ms", "5 s", "-5s", "1.s", "5sec", "1y", "1h 30m", "s5", "1e3ms"})
    void rejectsWhatIsNotADuration(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parseNanos(text))
                .withMessage("'" + text + "' is not a duration such as 250ms, 1.5s, 2m or a number of nanoseconds");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"9223372036854775808", "106752d", "99999999999999999999h"})
    void rejectsDurationsBeyondALong(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parseNanos(text))
                .withMessage("'" + text + "' is too long a duration");
    }

    @ParameterizedTest(name = "{0} ns = {1}")
    @CsvSource({
            "0, 0s",
            "1, 1ns",
            "1500, 1us500ns",
            "1500000000, 1s500ms",
            "5400000000000, 1h30m",
            "2678400000000000, 31d",
            "2678401000000000, 31d1s",
            "2678400001000000, 31d1ms",
            "9223372036854775807, 106751d23h47m16s854ms775us807ns",
    })
    void formatsAsItParses(long nanos, String text) {
        assertThat(Durations.format(nanos)).isEqualTo(text);
        assertThat(Durations.parseNanos(text)).isEqualTo(nanos);
    }
}
