package dev.weft.query.rest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static dev.weft.query.Fixtures.ORDERS_A;
import static dev.weft.query.Fixtures.TRACE_A;
import static dev.weft.query.Fixtures.TRACE_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Log records are told apart by their severity text, which is unique in the fixtures. */
@SpringBootTest
@AutoConfigureMockMvc
class LogApiTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void rendersEveryFieldOfARecord() {
        assertThat(mvc.get().uri("/api/v1/logs?traceId={trace}&spanId={span}", TRACE_A, ORDERS_A)).hasStatusOk()
                .bodyJson().isStrictlyEqualTo("""
                        {"logs": [{"timeUnixNano": "1700000000045000000", "observedTimeUnixNano": "1700000000045000000",
                                   "severityNumber": 17, "severityText": "ERROR", "body": "payment FAILED: card declined",
                                   "attributes": {"logger": "app"}, "resource": {"service.name": "orders"},
                                   "scope": {"name": "io.opentelemetry.servlet", "version": "2.1.0",
                                             "attributes": {"scope.flavour": "vanilla"}},
                                   "traceId": "%s", "spanId": "%s", "eventName": "", "flags": 0,
                                   "droppedAttributesCount": 0}]}
                        """.formatted(TRACE_A, ORDERS_A));
    }

    @Test
    void structuredBodyIsAJsonObject() {
        assertThat(mvc.get().uri("/api/v1/logs?traceId={trace}", TRACE_B)).hasStatusOk().bodyJson()
                .extractingPath("$.logs[0].body").asMap().containsExactly(entry("ms", 1200));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
                                                   | DEBUG,WARN,ERROR,INFO
            traceId=4bf92f3577b34da6               | ERROR,INFO
            traceId=5b8aa5a2d2c872e8321cf37308d69df2 | WARN
            spanId=f067aa0ba902b7                  | INFO
            traceId=4bf92f3577b34da6&spanId=a000000000000002 | ERROR
            service=api                            | DEBUG,INFO
            service=orders                         | ERROR
            severity=WARN                          | WARN,ERROR
            severity=warn                          | WARN,ERROR
            severity=17                            | ERROR
            severity=info2                         | WARN,ERROR
            severity=1                             | DEBUG,WARN,ERROR,INFO
            severity=FATAL                         |
            q=failed                               | ERROR
            q=ORDER                                | INFO
            q=order&severity=ERROR                 |
            start=1700000001                       | DEBUG,WARN
            end=1700000000050                      | ERROR,INFO
            start=2023-11-14T22:13:23Z             | DEBUG
            limit=1                                | DEBUG
            limit=3&service=api                    | DEBUG,INFO
            """)
    void filters(String query, String expected) {
        assertThat(mvc.get().uri("/api/v1/logs?" + (query == null ? "" : query))).hasStatusOk().bodyJson()
                .extractingPath("$.logs[*].severityText").asArray()
                .containsExactly((Object[]) (expected == null ? new String[0] : expected.split(",")));
    }
}
