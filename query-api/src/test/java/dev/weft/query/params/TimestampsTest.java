package dev.weft.query.params;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TimestampsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "0, 0",
            "1700000000, 1700000000000000000",
            "1700000000.25, 1700000000250000000",
            "9999999999, ",
            "10000000000, 10000000000000000",
            "1700000000123, 1700000000123000000",
            "1700000000123456, 1700000000123456000",
            "1700000000123456789, 1700000000123456789",
            "10000000000000000, 10000000000000000",
            "9223372036854775807, 9223372036854775807",
            "2023-11-14T22:13:20Z, 1700000000000000000",
            "2023-11-14T23:13:20.123456789+01:00, 1700000000123456789",
            "1970-01-01T00:00:00Z, 0",
    })
    void readsTheUnitFromTheMagnitude(String text, Long nanos) {
        if (nanos == null) {
            // Seconds this large are past 2262, beyond Unix nanoseconds in a long.
            assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.parseUnixNanos(text))
                    .withMessageContaining("out of the range of Unix nanoseconds");
        } else {
            assertThat(Timestamps.parseUnixNanos(text)).isEqualTo(nanos);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            -1                        | '-1' is before 1970
            1969-12-31T23:59:59Z      | '1969-12-31T23:59:59Z' is before 1970
            2262-04-12T00:00:00Z      | '2262-04-12T00:00:00Z' is after 2262, out of the range of Unix nanoseconds
            9223372036854775808       | '9223372036854775808' is out of the range of Unix nanoseconds
            2023-11-14T22:13:20       | '2023-11-14T22:13:20' is not an RFC 3339 time such as 2024-05-01T12:00:00Z
            2023-11-14                | '2023-11-14' is not an RFC 3339 time such as 2024-05-01T12:00:00Z
            now                       | 'now' is neither a Unix time in s, ms, us or ns nor an RFC 3339 time
            12:00                     | '12:00' is neither a Unix time in s, ms, us or ns nor an RFC 3339 time
            """)
    void rejects(String text, String reason) {
        assertThatIllegalArgumentException().isThrownBy(() -> Timestamps.parseUnixNanos(text)).withMessage(reason);
    }
}
