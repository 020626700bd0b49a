package dev.weft.query.rest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.json.AbstractJsonContentAssert;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input is a 400 naming the parameter and saying why, never a 500. */
@SpringBootTest
@AutoConfigureMockMvc
class BadParameterTest {

    @Autowired
    MockMvcTester mvc;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /api/v1/traces/xyz                                   | traceId     | 'xyz' is not hexadecimal
            /api/v1/traces/123456789012345678901234567890123     | traceId     | more than 32 hex digits
            /api/v1/search?status=bogus                          | status      | 'bogus' is not one of UNSET, OK, ERROR
            /api/v1/search?minDuration=10parsecs                 | minDuration | '10parsecs' is not a duration
            /api/v1/search?minDuration=-5ms                      | minDuration | '-5ms' is not a duration
            /api/v1/search?maxDuration=1.s                       | maxDuration | '1.s' is not a duration
            /api/v1/search?maxDuration=100000000h                | maxDuration | too long a duration
            /api/v1/search?minDuration=2s&maxDuration=1s         | maxDuration | must not be below the minimum duration
            /api/v1/search?start=yesterday                       | start       | 'yesterday' is neither a Unix time
            /api/v1/search?start=2024-13-01T00:00:00Z            | start       | is not an RFC 3339 time
            /api/v1/search?end=2024-05-01T00:00:00               | end         | is not an RFC 3339 time
            /api/v1/search?start=-1                              | start       | before 1970
            /api/v1/search?end=99999999999999999999              | end         | out of the range
            /api/v1/search?start=1700000002&end=1700000001       | end         | must not be before start
            /api/v1/search?limit=0                               | limit       | must be between 1 and 1000, was 0
            /api/v1/search?limit=-3                              | limit       | must be between 1 and 1000, was -3
            /api/v1/search?limit=1001                            | limit       | must be between 1 and 1000, was 1001
            /api/v1/search?limit=ten                             | limit       | 'ten' is not an integer
            /api/v1/search?attr.=x                               | attr.       | the attribute key after 'attr.' is empty
            /api/v1/logs?traceId=zz                              | traceId     | 'zz' is not hexadecimal
            /api/v1/logs?spanId=12345678901234567                | spanId      | more than 16 hex digits
            /api/v1/logs?severity=LOUD                           | severity    | 'LOUD' is neither a number 1-24 nor one of TRACE
            /api/v1/logs?severity=25                             | severity    | must be between 1 and 24, was 25
            /api/v1/logs?severity=0                              | severity    | must be between 1 and 24, was 0
            /api/v1/logs?severity=WARN5                          | severity    | 'WARN5' is neither
            /api/v1/logs?limit=5001                              | limit       | must be between 1 and 5000
            /api/v1/logs?end=1&start=2                           | end         | must not be before start
            /api/v1/metrics?limit=0                              | limit       | must be between 1 and 10000
            /api/v1/metrics?start=soon                           | start       | 'soon' is neither
            /api/v1/search?start=1700000000&end=1702678401       | start       | the window set by start and end is 31d1s, more than the maximum of 31d (weft.query.max-search-window)
            /api/v1/journeys?start=1700000000&end=1702678401     | start       | the window set by start and end is 31d1s
            /api/v1/logs?start=1700000000000&end=1702678400001   | start       | the window set by start and end is 31d1ms
            /api/v1/metrics?start=1700000000&end=1800000000      | start       | the window set by start and end is 1157d9h46m40s
            /api/v1/dependencies?start=2024-01-01T00:00:00Z&end=2024-02-01T00:00:01Z | start | the window set by start and end is 31d1s
            """)
    void badParameterIs400NamingIt(String uri, String parameter, String reason) {
        AbstractJsonContentAssert<?> json = assertThat(mvc.get().uri(uri)).hasStatus(400).bodyJson();
        json.extractingPath("$.parameter").isEqualTo(parameter);
        json.extractingPath("$.error").asString().startsWith("invalid parameter '" + parameter + "': ").contains(reason);
    }
}
