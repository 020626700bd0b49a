package dev.weft.query.jaeger;

import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.rules.RuleRegistry;
import dev.weft.query.TestApplication;
import dev.weft.query.zipkin.ZipkinApiTest;
import dev.weft.query.zipkin.ZipkinConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.json.AbstractJsonContentAssert;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.weft.query.Fixtures.DB_A;
import static dev.weft.query.Fixtures.ORDERS_A;
import static dev.weft.query.Fixtures.ROOT_A;
import static dev.weft.query.Fixtures.TRACE_A;
import static dev.weft.query.Fixtures.TRACE_B;
import static dev.weft.query.Fixtures.TRACE_C;
import static org.assertj.core.api.Assertions.assertThat;

/** Jaeger's HTTP API over the fixtures, with the requests Grafana's Jaeger datasource and Jaeger's UI send. */
@SpringBootTest(classes = {TestApplication.class, JaegerConfiguration.class, ZipkinConfiguration.class})
@AutoConfigureMockMvc
class JaegerApiTest {

    private static final String SCOPE_TAGS = """
            {"key": "otel.scope.name", "type": "string", "value": "io.opentelemetry.servlet"},
            {"key": "otel.scope.version", "type": "string", "value": "2.1.0"}""";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    CorrelationLedger ledger;

    @Autowired
    RuleRegistry rules;

    @BeforeEach
    void asyncEdges() {
        ZipkinApiTest.recordAsyncEdges(ledger, rules);
    }

    @Test
    void servicesAndOperationsAreWrapped() {
        ok("/jaeger/api/services").isStrictlyEqualTo("""
                {"data": ["api", "billing", "orders", "unknown_service"], "total": 4, "limit": 0, "offset": 0,
                 "errors": null}""");
        ok("/jaeger/api/services/api/operations").isStrictlyEqualTo("""
                {"data": ["GET /health", "GET /orders", "SELECT orders"], "total": 3, "limit": 0, "offset": 0,
                 "errors": null}""");
        ok("/jaeger/api/services/nope/operations").extractingPath("$.data").asArray().isEmpty();
    }

    @Test
    void operationsWithSpanKinds() {
        ok("/jaeger/api/operations?service=api").isStrictlyEqualTo("""
                {"data": [{"name": "GET /health", "spanKind": "server"}, {"name": "GET /orders", "spanKind": "server"},
                          {"name": "SELECT orders", "spanKind": "client"}],
                 "total": 3, "limit": 0, "offset": 0, "errors": null}""");
        ok("/jaeger/api/operations?service=api&spanKind=client").extractingPath("$.data[*].name").asArray()
                .containsExactly("SELECT orders");
        ok("/jaeger/api/operations?service=orders&spanKind=server").extractingPath("$.data").asArray().isEmpty();
    }

    @Test
    void traceByIdMapsEveryField() {
        ok("/jaeger/api/traces/4bf92f3577b34da6").isStrictlyEqualTo("""
                {"data": [{"traceID": "%1$s",
                  "spans": [
                    {"traceID": "%1$s", "spanID": "%2$s", "flags": 1, "operationName": "GET /orders",
                     "references": [{"refType": "FOLLOWS_FROM", "traceID": "%5$s", "spanID": "b000000000000001"}],
                     "startTime": 1700000000000000, "duration": 100000,
                     "tags": [{"key": "http.method", "type": "string", "value": "GET"},
                              {"key": "http.status_code", "type": "int64", "value": 200},
                              {"key": "big", "type": "int64", "value": 9007199254740993},
                              {"key": "negative.big", "type": "int64", "value": -9007199254740993},
                              {"key": "safe", "type": "int64", "value": 9007199254740992},
                              {"key": "ratio", "type": "float64", "value": 0.25},
                              {"key": "cached", "type": "bool", "value": true},
                              {"key": "raw", "type": "binary", "value": "AQID"},
                              {"key": "tags", "type": "string", "value": "[a, 7]"},
                              {"key": "user", "type": "string", "value": "{id=u-1}"},
                              {"key": "nothing", "type": "string", "value": ""},
                              {"key": "span.kind", "type": "string", "value": "server"},
                              %6$s,
                              {"key": "w3c.tracestate", "type": "string", "value": "vendor=1"}],
                     "logs": [{"timestamp": 1700000000005000,
                               "fields": [{"key": "event", "type": "string", "value": "cache.miss"},
                                          {"key": "key", "type": "string", "value": "o-1"}]}],
                     "processID": "p1", "warnings": null},
                    {"traceID": "%1$s", "spanID": "%3$s", "flags": 1, "operationName": "SELECT orders",
                     "references": [{"refType": "CHILD_OF", "traceID": "%1$s", "spanID": "%2$s"}],
                     "startTime": 1700000000010000, "duration": 20000,
                     "tags": [{"key": "span.kind", "type": "string", "value": "client"}, %6$s],
                     "logs": [], "processID": "p1", "warnings": null},
                    {"traceID": "%1$s", "spanID": "%4$s", "flags": 1, "operationName": "process",
                     "references": [{"refType": "CHILD_OF", "traceID": "%1$s", "spanID": "%2$s"}],
                     "startTime": 1700000000040000, "duration": 50000,
                     "tags": [{"key": "span.kind", "type": "string", "value": "consumer"},
                              {"key": "otel.status_code", "type": "string", "value": "ERROR"},
                              {"key": "error", "type": "bool", "value": true},
                              {"key": "otel.status_description", "type": "string", "value": "boom"}, %6$s],
                     "logs": [], "processID": "p2", "warnings": null}],
                  "processes": {"p1": {"serviceName": "api", "tags": []}, "p2": {"serviceName": "orders", "tags": []}},
                  "warnings": null}],
                 "total": 1, "limit": 0, "offset": 0, "errors": null}
                """.formatted(TRACE_A, ROOT_A, DB_A, ORDERS_A, TRACE_B, SCOPE_TAGS));
    }

    @Test
    void timesAreJsonIntegersOfMicroseconds() throws Exception {
        String body = get("/jaeger/api/traces/" + TRACE_A).getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).contains("\"startTime\":1700000000000000,\"duration\":100000,",
                "\"timestamp\":1700000000005000,");
    }

    @Test
    void resourceAttributesAreProcessTagsAndOkStatusATag() {
        AbstractJsonContentAssert<?> json = ok("/jaeger/api/traces/" + TRACE_B);
        json.extractingPath("$.data[0].processes").isEqualTo(Map.of("p1", Map.of("serviceName", "billing",
                "tags", List.of(Map.of("key", "deployment.environment", "type", "string", "value", "prod")))));
        json.extractingPath("$.data[0].spans[0].tags[?(@.key == 'otel.status_code')].value").asArray().containsExactly("OK");
        json.extractingPath("$.data[0].spans[0].tags[?(@.key == 'error')]").asArray().isEmpty();
    }

    @Test
    void oddLengthIdsAndGrafanasMillisecondTimesAreAccepted() {
        ok("/jaeger/api/traces/" + TRACE_C.substring(1)).extractingPath("$.data[0].traceID").isEqualTo(TRACE_C);
        ok("/jaeger/api/traces/" + TRACE_C + "?start=1&end=2").extractingPath("$.data[0].spans").asArray().hasSize(1);
    }

    @Test
    void unknownTraceIs404InTheEnvelope() {
        assertThat(mvc.get().uri("/jaeger/api/traces/abc")).hasStatus(404).bodyJson().isStrictlyEqualTo("""
                {"data": null, "total": 0, "limit": 0, "offset": 0, "errors": [{"code": 404, "msg": "trace not found"}]}""");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            /jaeger/api/traces/xyz                             | invalid parameter 'traceID': trace id 'xyz' is not hexadecimal
            /jaeger/api/traces?tags=notjson                    | invalid parameter 'tags': 'notjson' is not a JSON object of strings
            /jaeger/api/traces?tags=["a"]                      | invalid parameter 'tags': '["a"]' is not a JSON object of strings
            /jaeger/api/traces?tags={"a":null}                 | invalid parameter 'tags': '{"a":null}' is not a JSON object of strings
            /jaeger/api/traces?tag=novalue                     | invalid parameter 'tag': 'novalue' is not key:value
            /jaeger/api/traces?minDuration=fast                | invalid parameter 'minDuration': 'fast' is not a duration
            /jaeger/api/traces?minDuration=2s&maxDuration=1s   | invalid parameter 'maxDuration': must not be below the minimum duration
            /jaeger/api/traces?limit=0                         | invalid parameter 'limit': must be between 1 and 1000, was 0
            /jaeger/api/traces?start=soon                      | invalid parameter 'start': 'soon' is neither
            /jaeger/api/operations                             | invalid parameter 'service': is required
            /jaeger/api/dependencies?lookback=1h               | invalid parameter 'lookback': '1h' is not an integer
            /jaeger/api/dependencies?endTs=1702678400000&lookback=2678400001 | invalid parameter 'lookback': the window set by lookback is 31d1ms, more than the maximum of 31d (weft.query.max-search-window)
            """)
    void badParametersAre400InTheEnvelope(String uri, String message) {
        AbstractJsonContentAssert<?> json = assertThat(get(uri)).hasStatus(400).bodyJson();
        json.extractingPath("$.data").isNull();
        json.extractingPath("$.errors[0].code").isEqualTo(400);
        json.extractingPath("$.errors[0].msg").asString().startsWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            service=api                                               | C,A
            service=orders&operation=process                          | A
            service=api&operation=process                             |
            tags={"http.method":"GET"}                                | C,A
            tags={"http.method":"GET","http.status_code":"200"}       | A
            tags={"http.status_code":200}                             | A
            tag=http.method:GET&tag=http.status_code:200              | A
            tags={"http.method":"GET"}&tag=http.status_code:200       | A
            tag=url:http://x                                          |
            tags={"error":"true"}                                     | A
            tags={"otel.status_code":"OK"}                            | B
            tags={"deployment.environment":"prod"}                    | B
            minDuration=1.5s&maxDuration=2000ms                       | B
            minDuration=40ms&maxDuration=60ms                         | A
            minDuration=20001us                                       | B,A
            start=1700000001000000&end=1700000002000000               | C,B
            start=1700000002000000                                    | D,C
            limit=1                                                   | D
            """)
    void searchFilters(String query, String expected) {
        AbstractJsonContentAssert<?> json = assertThat(get("/jaeger/api/traces?" + query)).hasStatusOk().bodyJson();
        json.extractingPath("$.data[*].traceID").asArray().containsExactly(ZipkinApiTest.letters(expected));
        json.extractingPath("$.total").isEqualTo(expected == null ? 0 : expected.split(",").length);
        json.extractingPath("$.data[*].spans[0].spanID").asArray()
                .as("no trace without spans").hasSize(expected == null ? 0 : expected.split(",").length);
    }

    @Test
    void searchReturnsWholeTraces() {
        ok("/jaeger/api/traces?service=orders").extractingPath("$.data[0].spans[*].spanID").asArray()
                .containsExactly(ROOT_A, DB_A, ORDERS_A);
    }

    @Test
    void dependenciesSumSyncAndAsyncCallsPerServicePair() {
        ok("/jaeger/api/dependencies?endTs=1700000004000&lookback=10000").isStrictlyEqualTo("""
                {"data": [{"parent": "api", "child": "billing", "callCount": 1},
                          {"parent": "api", "child": "orders", "callCount": 2}],
                 "total": 2, "limit": 0, "offset": 0, "errors": null}""");
        ok("/jaeger/api/dependencies?endTs=1699999999000&lookback=1000").extractingPath("$.data").asArray().isEmpty();
    }

    /**
     * Grafana's Jaeger search: its time range in microseconds, and {@code lookback=custom}, which
     * the API ignores as Jaeger's does. Up to 31 days it searches; past that, a 400 in the envelope.
     */
    @Test
    void aSearchRangeOverTheMaximumWindowIs400InTheEnvelope() {
        String search = "/jaeger/api/traces?service=api&operation=&tags={}&minDuration=&maxDuration=&limit=20"
                + "&lookback=custom&start=1700000000000000&end=";
        ok(search + (1_700_000_000_000_000L + 31 * 86_400_000_000L)).extractingPath("$.data[*].traceID").asArray()
                .containsExactly(TRACE_C, TRACE_A);

        AbstractJsonContentAssert<?> json = assertThat(get(search + (1_700_000_000_000_000L + 31 * 86_400_000_000L + 1)))
                .hasStatus(400).bodyJson();
        json.extractingPath("$.data").isNull();
        json.extractingPath("$.errors[0].code").isEqualTo(400);
        json.extractingPath("$.errors[0].msg").isEqualTo("invalid parameter 'start': the window set by start and end "
                + "is 31d1us, more than the maximum of 31d (weft.query.max-search-window)");
    }

    /** A GET with the query's values URL-encoded as Grafana's Go client encodes them, braces and quotes included. */
    private MvcTestResult get(String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        if (question < 0) {
            return mvc.get().uri(URI.create(pathAndQuery)).exchange();
        }
        String query = Arrays.stream(pathAndQuery.substring(question + 1).split("&")).map(parameter -> {
            int equals = parameter.indexOf('=');
            return parameter.substring(0, equals + 1)
                    + URLEncoder.encode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
        }).collect(Collectors.joining("&"));
        return mvc.get().uri(URI.create(pathAndQuery.substring(0, question + 1) + query)).exchange();
    }

    private AbstractJsonContentAssert<?> ok(String uri) {
        return assertThat(get(uri)).hasStatusOk().bodyJson();
    }
}
