package dev.weft.query.rest;

import org.assertj.core.api.ObjectArrayAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.json.AbstractJsonContentAssert;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import java.util.Arrays;

import static dev.weft.query.Fixtures.ROOT_A;
import static dev.weft.query.Fixtures.TRACE_A;
import static dev.weft.query.Fixtures.TRACE_B;
import static dev.weft.query.Fixtures.TRACE_C;
import static dev.weft.query.Fixtures.TRACE_D;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@AutoConfigureMockMvc
class TraceApiTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void traceByIdRendersTheSpanShapeOfTheJourneyDocument() {
        ok("/api/v1/traces/" + TRACE_A).isLenientlyEqualTo("""
                {"traceId": "%1$s",
                 "spans": [{"traceId": "%1$s", "spanId": "%2$s", "parentSpanId": "", "traceState": "vendor=1",
                            "flags": 1, "name": "GET /orders", "kind": "SERVER", "serviceName": "api",
                            "startTimeUnixNano": "1700000000000000000", "endTimeUnixNano": "1700000000100000000",
                            "durationNanos": "100000000", "status": {"code": "UNSET", "message": ""},
                            "attributes": {"http.method": "GET", "http.status_code": 200, "ratio": 0.25, "cached": true,
                                           "raw": "AQID", "tags": ["a", 7], "user": {"id": "u-1"}, "nothing": null},
                            "resource": {"service.name": "api"},
                            "scope": {"name": "io.opentelemetry.servlet", "version": "2.1.0",
                                      "attributes": {"scope.flavour": "vanilla"}},
                            "events": [{"timeUnixNano": "1700000000005000000", "name": "cache.miss",
                                        "attributes": {"key": "o-1"}}],
                            "links": [{"traceId": "%3$s", "spanId": "b000000000000001", "traceState": "",
                                       "attributes": {"rel": "follows"}}],
                            "droppedAttributesCount": 2, "droppedEventsCount": 1, "droppedLinksCount": 0},
                           {"spanId": "a000000000000001", "parentSpanId": "%2$s", "name": "SELECT orders", "kind": "CLIENT"},
                           {"spanId": "a000000000000002", "serviceName": "orders",
                            "status": {"code": "ERROR", "message": "boom"}, "durationNanos": "50000000"}]}
                """.formatted(TRACE_A, ROOT_A, TRACE_B));
    }

    @Test
    void int64AttributesBeyondTwoToThe53AreStringsAndOthersNumbers() {
        AbstractJsonContentAssert<?> json = ok("/api/v1/traces/" + TRACE_A);
        json.extractingPath("$.spans[0].attributes.big").isEqualTo("9007199254740993");
        json.extractingPath("$.spans[0].attributes['negative.big']").isEqualTo("-9007199254740993");
        json.extractingPath("$.spans[0].attributes.safe").asNumber().isEqualTo(9007199254740992L);
        json.extractingPath("$.spans[0].attributes['http.status_code']").asNumber().isEqualTo(200);
    }

    @Test
    void traceIdMayOmitLeadingZerosAndUpperCase() {
        ok("/api/v1/traces/4BF92F3577B34DA6").extractingPath("$.traceId").isEqualTo(TRACE_A);
    }

    @Test
    void resourceWithoutServiceNameGetsTheSdkDefault() {
        ok("/api/v1/traces/" + TRACE_D).extractingPath("$.spans[0].resource['service.name']").isEqualTo("unknown_service");
    }

    @Test
    void unknownTraceIs404WithJsonError() {
        assertThat(mvc.get().uri("/api/v1/traces/abc")).hasStatus(404).bodyJson()
                .isStrictlyEqualTo("{\"error\": \"trace 00000000000000000000000000000abc not found\"}");
    }

    @Test
    void searchWithoutConditionsReturnsEveryTraceNewestFirstWithSummaries() {
        traceIds("").containsExactly(TRACE_D, TRACE_C, TRACE_B, TRACE_A);
        ok("/api/v1/search?service=orders").isLenientlyEqualTo("""
                {"traces": [{"traceId": "%s", "rootServiceName": "api", "rootName": "GET /orders",
                             "startTimeUnixNano": "1700000000000000000", "durationNanos": "100000000",
                             "spanCount": 3, "errorCount": 1}]}
                """.formatted(TRACE_A));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            service=api                                        | C,A
            service=billing                                    | B
            service=                                           | D,C,B,A
            name=charge                                        | B
            name=process&service=orders                        | A
            name=process&service=api                           |
            status=error                                       | A
            status=Ok                                          | B
            status=UNSET&service=billing                       |
            minDuration=1s                                     | B
            minDuration=1.5s&maxDuration=2000ms                | B
            maxDuration=5ms                                    | C
            minDuration=40ms&maxDuration=60ms                  | A
            minDuration=50000000&maxDuration=50000000          | A
            minDuration=20001us                                | B,A
            minDuration=10ms                                   | D,B,A
            start=1700000001&end=1700000002                    | C,B
            start=1700000002000                                | D,C
            end=1700000000500000                               | A
            start=1700000003000000000                          | D
            start=2023-11-14T22:13:22Z                         | D,C
            end=1700000001.5                                   | B,A
            attr.http.method=GET                               | C,A
            attr.http.method=GET&service=api&name=GET /health  | C
            attr.http.status_code=200                          | A
            attr.deployment.environment=prod                   | B
            attr.customer.tier=silver                          |
            limit=2                                            | D,C
            limit=1&service=api                                | C
            """)
    void searchFilters(String query, String expected) {
        String[] ids = expected == null ? new String[0] : Arrays.stream(expected.split(","))
                .map(letter -> switch (letter.charAt(0)) {
                    case 'A' -> TRACE_A;
                    case 'B' -> TRACE_B;
                    case 'C' -> TRACE_C;
                    case 'D' -> TRACE_D;
                    default -> throw new IllegalArgumentException(letter);
                }).toArray(String[]::new);
        traceIds(query).containsExactly(ids);
    }

    @Test
    void servicesAndOperations() {
        ok("/api/v1/services").isStrictlyEqualTo("""
                {"services": ["api", "billing", "orders", "unknown_service"]}""");
        ok("/api/v1/services/api/operations").isStrictlyEqualTo("""
                {"operations": ["GET /health", "GET /orders", "SELECT orders"]}""");
        ok("/api/v1/services/nope/operations").isStrictlyEqualTo("{\"operations\": []}");
    }

    private ObjectArrayAssert<Object> traceIds(String query) {
        return ok("/api/v1/search?" + query).extractingPath("$.traces[*].traceId").asArray();
    }

    private AbstractJsonContentAssert<?> ok(String uri) {
        return assertThat(mvc.get().uri(uri)).hasStatusOk().bodyJson();
    }
}
