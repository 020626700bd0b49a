package dev.weft.query.zipkin;

import dev.weft.correlation.ledger.CorrelationKey;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.Side;
import dev.weft.correlation.ledger.SpanRef;
import dev.weft.correlation.rules.RuleRegistry;
import dev.weft.query.TestApplication;
import dev.weft.query.jaeger.JaegerConfiguration;
import org.assertj.core.api.ObjectArrayAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.json.AbstractJsonContentAssert;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import java.util.Arrays;
import java.util.List;

import static dev.weft.query.Fixtures.DB_A;
import static dev.weft.query.Fixtures.MS;
import static dev.weft.query.Fixtures.ORDERS_A;
import static dev.weft.query.Fixtures.ROOT_A;
import static dev.weft.query.Fixtures.S;
import static dev.weft.query.Fixtures.T;
import static dev.weft.query.Fixtures.TRACE_A;
import static dev.weft.query.Fixtures.TRACE_B;
import static dev.weft.query.Fixtures.TRACE_C;
import static dev.weft.query.Fixtures.TRACE_D;
import static org.assertj.core.api.Assertions.assertThat;

/** Zipkin's v2 API over the fixtures, as Grafana's Zipkin datasource and the Zipkin UI call it. */
@SpringBootTest(classes = {TestApplication.class, JaegerConfiguration.class, ZipkinConfiguration.class})
@AutoConfigureMockMvc
public class ZipkinApiTest {

    /** endTs and lookback (ms) that cover every fixture trace, which lie before Zipkin's default day. */
    static final String ALL_FIXTURES = "endTs=1700000004000&lookback=10000";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    CorrelationLedger ledger;

    @Autowired
    RuleRegistry rules;

    @BeforeEach
    void asyncEdges() {
        recordAsyncEdges(ledger, rules);
    }

    /**
     * Two async edges as the correlator would find them: api (trace A's root) -> billing (trace B),
     * and api -> orders, a pair that also has a sync edge, so that links sum the two. Idempotent.
     */
    public static void recordAsyncEdges(CorrelationLedger ledger, RuleRegistry rules) {
        ledger.record(List.of(
                new CorrelationKey("messaging-id", Side.PRODUCER, "m-1", new SpanRef(TRACE_A, ROOT_A), "api",
                        T, T + 100 * MS),
                new CorrelationKey("messaging-id", Side.CONSUMER, "m-1", new SpanRef(TRACE_B, "b000000000000001"),
                        "billing", T + S, T + 3 * S),
                new CorrelationKey("messaging-id", Side.PRODUCER, "m-2", new SpanRef(TRACE_A, DB_A), "api",
                        T + 10 * MS, T + 30 * MS),
                new CorrelationKey("messaging-id", Side.CONSUMER, "m-2", new SpanRef(TRACE_A, ORDERS_A), "orders",
                        T + 40 * MS, T + 90 * MS)));
        ledger.match(rules.matchSettings());
    }

    @Test
    void servicesSpansAndRemoteServices() {
        ok("/zipkin/api/v2/services").isStrictlyEqualTo("[\"api\", \"billing\", \"orders\", \"unknown_service\"]");
        ok("/zipkin/api/v2/spans?serviceName=api").isStrictlyEqualTo("[\"GET /health\", \"GET /orders\", \"SELECT orders\"]");
        ok("/zipkin/api/v2/spans?serviceName=nope").isStrictlyEqualTo("[]");
        ok("/zipkin/api/v2/remoteServices?serviceName=api").isStrictlyEqualTo("[]");
    }

    @Test
    void traceByIdMapsEveryField() {
        ok("/zipkin/api/v2/trace/4bf92f3577b34da6").isStrictlyEqualTo("""
                [{"traceId": "%1$s", "id": "%2$s", "name": "GET /orders", "kind": "SERVER",
                  "timestamp": 1700000000000000, "duration": 100000, "localEndpoint": {"serviceName": "api"},
                  "annotations": [{"timestamp": 1700000000005000, "value": "\\"cache.miss\\":{\\"key\\":\\"o-1\\"}"}],
                  "tags": {"http.method": "GET", "http.status_code": "200", "big": "9007199254740993",
                           "negative.big": "-9007199254740993", "safe": "9007199254740992", "ratio": "0.25",
                           "cached": "true", "raw": "010203", "tags": "[a, 7]", "user": "{id=u-1}", "nothing": "",
                           "otel.scope.name": "io.opentelemetry.servlet", "otel.scope.version": "2.1.0"}},
                 {"traceId": "%1$s", "id": "%3$s", "parentId": "%2$s", "name": "SELECT orders", "kind": "CLIENT",
                  "timestamp": 1700000000010000, "duration": 20000, "localEndpoint": {"serviceName": "api"},
                  "tags": {"otel.scope.name": "io.opentelemetry.servlet", "otel.scope.version": "2.1.0"}},
                 {"traceId": "%1$s", "id": "%4$s", "parentId": "%2$s", "name": "process", "kind": "CONSUMER",
                  "timestamp": 1700000000040000, "duration": 50000, "localEndpoint": {"serviceName": "orders"},
                  "tags": {"otel.scope.name": "io.opentelemetry.servlet", "otel.scope.version": "2.1.0",
                           "otel.status_code": "ERROR", "error": "boom"}}]
                """.formatted(TRACE_A, ROOT_A, DB_A, ORDERS_A));
    }

    @Test
    void okStatusResourceAttributesAndInternalKind() {
        ok("/zipkin/api/v2/trace/" + TRACE_B).isStrictlyEqualTo("""
                [{"traceId": "%s", "id": "b000000000000001", "name": "charge", "kind": "SERVER",
                  "timestamp": 1700000001000000, "duration": 2000000, "localEndpoint": {"serviceName": "billing"},
                  "tags": {"customer.tier": "gold", "deployment.environment": "prod",
                           "otel.scope.name": "io.opentelemetry.servlet", "otel.scope.version": "2.1.0",
                           "otel.status_code": "OK"}}]""".formatted(TRACE_B));
        AbstractJsonContentAssert<?> internal = ok("/zipkin/api/v2/trace/" + TRACE_D);
        internal.doesNotHavePath("$[0].kind");
        internal.extractingPath("$[0].localEndpoint.serviceName").isEqualTo("unknown_service");
    }

    @Test
    void oddLengthIdsAreLeftPadded() {
        ok("/zipkin/api/v2/trace/" + TRACE_C.substring(1)).extractingPath("$[0].traceId").isEqualTo(TRACE_C);
    }

    @Test
    void errorsArePlainText() {
        assertThat(mvc.get().uri("/zipkin/api/v2/trace/abc").accept(MediaType.APPLICATION_JSON)).hasStatus(404)
                .hasContentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .hasBodyTextEqualTo("trace 00000000000000000000000000000abc not found");
        assertThat(mvc.get().uri("/zipkin/api/v2/spans")).hasStatus(400)
                .hasContentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                .hasBodyTextEqualTo("invalid parameter 'serviceName': is required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            /zipkin/api/v2/trace/xyz                                  | invalid parameter 'traceId': trace id 'xyz' is not hexadecimal
            /zipkin/api/v2/traces?annotationQuery=slow                | invalid parameter 'annotationQuery': 'slow' is not a key=value term or error
            /zipkin/api/v2/traces?minDuration=1.5                     | invalid parameter 'minDuration': '1.5' is not an integer
            /zipkin/api/v2/traces?minDuration=-1                      | invalid parameter 'minDuration': '-1' is out of range
            /zipkin/api/v2/traces?minDuration=2000&maxDuration=1000   | invalid parameter 'maxDuration': must not be below minDuration
            /zipkin/api/v2/traces?endTs=yesterday                     | invalid parameter 'endTs': 'yesterday' is not an integer
            /zipkin/api/v2/traces?lookback=99999999999999999          | invalid parameter 'lookback': '99999999999999999' is out of range
            /zipkin/api/v2/traces?limit=0                             | invalid parameter 'limit': must be between 1 and 1000, was 0
            /zipkin/api/v2/remoteServices                             | invalid parameter 'serviceName': is required
            /zipkin/api/v2/dependencies?endTs=x                       | invalid parameter 'endTs': 'x' is not an integer
            /zipkin/api/v2/traces?serviceName=api&endTs=1702678400000&lookback=2678400001&limit=10 | invalid parameter 'lookback': the window set by lookback is 31d1ms, more than the maximum of 31d (weft.query.max-search-window)
            /zipkin/api/v2/dependencies?endTs=1702678400000&lookback=8640000000 | invalid parameter 'lookback': the window set by lookback is 100d, more than the maximum of 31d (weft.query.max-search-window)
            """)
    void badParametersAre400(String uri, String message) {
        assertThat(mvc.get().uri(uri)).hasStatus(400).hasBodyTextEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            serviceName=api                                               | C,A
            serviceName=api&spanName=all                                  | C,A
            spanName=charge                                               | B
            serviceName=orders&spanName=process                           | A
            annotationQuery=http.method=GET                               | C,A
            annotationQuery=http.method=GET and http.status_code=200      | A
            annotationQuery=error                                         | A
            annotationQuery=otel.status_code=OK                           | B
            annotationQuery=deployment.environment=prod                   | B
            annotationQuery=error and http.method=GET                     |
            minDuration=1500000&maxDuration=2000000                       | B
            minDuration=40000&maxDuration=60000                           | A
            limit=1                                                       | D
            """)
    void searchFilters(String query, String expected) {
        traceIds("/zipkin/api/v2/traces?" + ALL_FIXTURES + "&" + query).containsExactly(letters(expected));
    }

    @Test
    void searchWindowIsEndTsMinusLookbackInMillisDefaultingToTheLastDay() {
        traceIds("/zipkin/api/v2/traces?endTs=1700000001500&lookback=1000").containsExactly(TRACE_B);
        traceIds("/zipkin/api/v2/traces?endTs=1700000001500").containsExactly(TRACE_B, TRACE_A);
        ok("/zipkin/api/v2/traces").isStrictlyEqualTo("[]");
    }

    @Test
    void aLookbackOfTheMaximumWindowIsAccepted() {
        traceIds("/zipkin/api/v2/traces?serviceName=api&endTs=1700000004000&lookback=2678400000&limit=10")
                .containsExactly(TRACE_C, TRACE_A);
    }

    @Test
    void searchReturnsWholeTraces() {
        AbstractJsonContentAssert<?> json = ok("/zipkin/api/v2/traces?" + ALL_FIXTURES + "&serviceName=orders");
        json.extractingPath("$[0][*].id").asArray().containsExactly(ROOT_A, DB_A, ORDERS_A);
        json.extractingPath("$[0][0].timestamp").asNumber().isEqualTo(1700000000000000L);
    }

    @Test
    void dependenciesSumSyncAndAsyncCallsPerServicePair() {
        ok("/zipkin/api/v2/dependencies?" + ALL_FIXTURES).isStrictlyEqualTo("""
                [{"parent": "api", "child": "billing", "callCount": 1, "errorCount": 0},
                 {"parent": "api", "child": "orders", "callCount": 2, "errorCount": 2}]""");
        ok("/zipkin/api/v2/dependencies?endTs=1699999999000&lookback=1000").isStrictlyEqualTo("[]");
    }

    /** Trace ids by the fixtures' letters, comma-separated; none for null. */
    public static String[] letters(String expected) {
        return expected == null ? new String[0] : Arrays.stream(expected.split(","))
                .map(letter -> switch (letter) {
                    case "A" -> TRACE_A;
                    case "B" -> TRACE_B;
                    case "C" -> TRACE_C;
                    case "D" -> TRACE_D;
                    default -> throw new IllegalArgumentException(letter);
                }).toArray(String[]::new);
    }

    private ObjectArrayAssert<Object> traceIds(String uri) {
        return ok(uri).extractingPath("$[*][0].traceId").asArray();
    }

    private AbstractJsonContentAssert<?> ok(String uri) {
        return assertThat(mvc.get().uri(uri)).hasStatusOk().bodyJson();
    }
}
