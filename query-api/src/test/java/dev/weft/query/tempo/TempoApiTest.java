package dev.weft.query.tempo;

import dev.weft.query.TestApplication;
import dev.weft.testing.TempoProtos;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.json.AbstractJsonContentAssert;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.net.URI;
import java.util.HexFormat;
import java.util.List;

import static dev.weft.query.Fixtures.DB_A;
import static dev.weft.query.Fixtures.ORDERS_A;
import static dev.weft.query.Fixtures.ROOT_A;
import static dev.weft.query.Fixtures.TRACE_A;
import static dev.weft.query.Fixtures.TRACE_B;
import static dev.weft.query.Fixtures.TRACE_C;
import static dev.weft.query.Fixtures.TRACE_D;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Tempo API with the requests Grafana's Tempo datasource sends, over the query API's fixtures
 * (traces at 1700000000 s, 1700000001 s, ... so that Grafana's second-resolution ranges read naturally).
 */
@SpringBootTest(classes = {TestApplication.class, TempoConfiguration.class})
@AutoConfigureMockMvc
class TempoApiTest {

    private static final String PROTOBUF = "application/protobuf";

    @Autowired
    MockMvcTester mvc;

    @Test
    void saveAndTestAndBuildInfo() {
        for (String prefix : List.of("/api", "/journeys/api")) {
            MvcTestResult echo = mvc.get().uri(prefix + "/echo").exchange();
            assertThat(echo).hasStatusOk().hasContentTypeCompatibleWith(MediaType.TEXT_PLAIN).hasBodyTextEqualTo("echo");
            assertThat(mvc.get().uri(prefix + "/status/buildinfo").accept(MediaType.APPLICATION_JSON)).hasStatusOk()
                    .bodyJson().extractingPath("$.version").isEqualTo("2.9.0");
        }
    }

    @Test
    void v2TraceByIdIsATraceByIdResponseForAZeroStrippedId() {
        TracesData trace = TempoProtos.traceByIdResponse(protobuf("/api/v2/traces/4bf92f3577b34da6"));
        assertThat(spanIds(trace)).containsExactlyInAnyOrder(ROOT_A, DB_A, ORDERS_A);
        assertThat(trace.getResourceSpansList()).allSatisfy(rs ->
                assertThat(HexFormat.of().formatHex(rs.getScopeSpans(0).getSpans(0).getTraceId().toByteArray())).isEqualTo(TRACE_A));
        assertThat(serviceNames(trace)).containsExactly("api", "orders");
    }

    @Test
    void anOddLengthIdIsPaddedAsTempoPadsIt() {
        String oddLength = TRACE_C.substring(1);
        assertThat(oddLength).hasSize(31);
        assertThat(spanIds(TempoProtos.traceByIdResponse(protobuf("/api/v2/traces/" + oddLength))))
                .containsExactly("c000000000000001");
        assertThat(spanIds(TempoProtos.trace(protobuf("/api/traces/" + oddLength.toUpperCase())))).containsExactly("c000000000000001");
    }

    @Test
    void v1TraceByIdIsATempoTrace() {
        TracesData trace = TempoProtos.trace(protobuf("/api/traces/" + TRACE_B));
        assertThat(spanIds(trace)).containsExactly("b000000000000001");
        assertThat(trace.getResourceSpans(0).getResource().getAttributesList()).extracting(KeyValue::getKey)
                .containsExactlyInAnyOrder("service.name", "deployment.environment");
    }

    @Test
    void everyResourceHasAServiceNameOrGrafanaWouldDropIt() {
        TracesData trace = TempoProtos.traceByIdResponse(protobuf("/api/v2/traces/" + TRACE_D));
        assertThat(serviceNames(trace)).containsExactly("unknown_service");
    }

    @Test
    void jsonWhenJsonIsAskedFor() {
        AbstractJsonContentAssert<?> v1 = assertThat(mvc.get().uri("/api/traces/" + TRACE_C).accept(MediaType.APPLICATION_JSON))
                .hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON).bodyJson();
        v1.extractingPath("$.batches[0].resource.attributes[0].value.stringValue").isEqualTo("api");
        v1.extractingPath("$.batches[0].scopeSpans[0].spans[0].traceId").isEqualTo("CvdlGRbNQ92ESOshHIAxnA==");
        v1.extractingPath("$.batches[0].scopeSpans[0].spans[0].startTimeUnixNano").isEqualTo("1700000002000000000");
        AbstractJsonContentAssert<?> v2 = assertThat(mvc.get().uri("/api/v2/traces/" + TRACE_C)).hasStatusOk().bodyJson();
        v2.extractingPath("$.trace.resourceSpans[0].scopeSpans[0].spans[0].name").isEqualTo("GET /health");
    }

    @Test
    void unknownAndInvalidIds() {
        for (String path : List.of("/api/traces/", "/api/v2/traces/", "/journeys/api/v2/traces/", "/journeys/api/traces/")) {
            assertThat(mvc.get().uri(path + "abc").header("Accept", PROTOBUF)).hasStatus(404)
                    .hasBodyTextEqualTo("trace 00000000000000000000000000000abc not found");
            assertThat(mvc.get().uri(path + "xyz").header("Accept", PROTOBUF)).hasStatus(400)
                    .hasContentTypeCompatibleWith(MediaType.TEXT_PLAIN).bodyText().contains("'xyz' is not hexadecimal");
        }
    }

    @Test
    void searchAnswersTempoShapesWithStringNanos() {
        AbstractJsonContentAssert<?> json = search("{resource.service.name=\"api\"}&limit=20&spss=3&start=1700000000&end=1700000010");
        json.isLenientlyEqualTo("""
                {"traces": [
                  {"traceID": "%s", "rootServiceName": "api", "rootTraceName": "GET /health",
                   "startTimeUnixNano": "1700000002000000000", "durationMs": 1,
                   "spanSets": [{"matched": 1, "spans": [{"spanID": "c000000000000001", "name": "GET /health",
                      "startTimeUnixNano": "1700000002000000000", "durationNanos": "1000000",
                      "attributes": [{"key": "service.name", "value": {"stringValue": "api"}}]}]}],
                   "serviceStats": {"api": {"spanCount": 1, "errorCount": 0}}},
                  {"traceID": "%s", "rootServiceName": "api", "rootTraceName": "GET /orders",
                   "startTimeUnixNano": "1700000000000000000", "durationMs": 100,
                   "spanSet": {"matched": 2}, "spanSets": [{"matched": 2}],
                   "serviceStats": {"api": {"spanCount": 2, "errorCount": 0}, "orders": {"spanCount": 1, "errorCount": 1}}}],
                 "metrics": {}}
                """.formatted(TRACE_C, TRACE_A));
        json.extractingPath("$.traces[0].startTimeUnixNano").isInstanceOf(String.class);
        json.extractingPath("$.traces[0].spanSets[0].spans[0].durationNanos").isInstanceOf(String.class);
        json.extractingPath("$.traces[1].durationMs").isInstanceOf(Number.class);
    }

    @Test
    void matchedSpansShowTheQueriedAttributesTyped() {
        AbstractJsonContentAssert<?> json = search("{status=error || span.http.status_code=200}&spss=5");
        json.extractingPath("$.traces.length()").isEqualTo(1);
        json.extractingPath("$.traces[0].spanSets[0].matched").isEqualTo(2);
        json.extractingPath("$.traces[0].spanSets[0].spans[0].attributes").isEqualTo(List.of(
                java.util.Map.of("key", "status", "value", java.util.Map.of("stringValue", "unset")),
                java.util.Map.of("key", "http.status_code", "value", java.util.Map.of("intValue", "200")),
                java.util.Map.of("key", "service.name", "value", java.util.Map.of("stringValue", "api"))));
        json.extractingPath("$.traces[0].spanSets[0].spans[1].attributes[0].value.stringValue").isEqualTo("error");
    }

    @Test
    void searchRangeLimitAndSpansPerSpanSet() {
        traceIds(search("{}&start=1700000001&end=1700000001")).containsExactly(TRACE_B);
        traceIds(search("{}&limit=2")).containsExactly(TRACE_D, TRACE_C);
        AbstractJsonContentAssert<?> one = search("{}&spss=1&start=1700000000&end=1700000001");
        traceIds(one).containsExactly(TRACE_B, TRACE_A);
        one.extractingPath("$.traces[1].spanSets[0].spans.length()").isEqualTo(1);
        one.extractingPath("$.traces[1].spanSets[0].matched").isEqualTo(3);
        search("{}&start=1700000000&end=1700000000").extractingPath("$.traces[0].spanSets[0].matched")
                .as("only spans that start inside the range match").isEqualTo(1);
        traceIds(search("")).containsExactly(TRACE_D, TRACE_C, TRACE_B, TRACE_A);
    }

    @Test
    void theSearchFromBeforeTraceQl() {
        traceIds(json("/api/search?tags=service.name%3D%22api%22%20http.method%3DGET&limit=20"))
                .containsExactly(TRACE_C, TRACE_A);
        traceIds(json("/api/search?tags=service.name%3Dapi&minDuration=50ms")).containsExactly(TRACE_A);
        traceIds(json("/api/search?tags=name%3D%22GET%20%2Fhealth%22&maxDuration=1s")).containsExactly(TRACE_C);
        assertThat(mvc.get().uri(URI.create("/api/search?tags=service.name"))).hasStatus(400).bodyText()
                .contains("invalid parameter 'tags': expected key=value pairs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} | count() > 1", "{.a=1} >> {.b=2}", "{event.name=\"x\"}"})
    void unsupportedTraceQlIs400InPlainText(String query) {
        assertThat(mvc.get().uri("/api/search").param("q", query)).hasStatus(400)
                .hasContentTypeCompatibleWith(MediaType.TEXT_PLAIN).bodyText().startsWith("unsupported TraceQL at position");
    }

    @Test
    void badSearchParametersAre400() {
        assertThat(mvc.get().uri("/api/search").param("q", "{name = }")).hasStatus(400).bodyText().contains("expected a value");
        assertThat(mvc.get().uri("/api/search").param("spss", "many")).hasStatus(400).bodyText().contains("'spss'");
        assertThat(mvc.get().uri("/api/search").param("start", "soon")).hasStatus(400).bodyText().contains("'start'");
    }

    /**
     * Grafana sends its time picker's range in seconds on every search and tag request: "Last 30
     * days" passes, a range over the 31-day maximum is a 400 whose text Grafana shows as it is.
     */
    @Test
    void aRangeOverTheMaximumWindowIs400InPlainText() {
        long end = 1_700_000_000L + 31 * 86_400;
        json("/api/search?q=%7B%7D&limit=20&spss=3&start=1700000000&end=" + end).extractingPath("$.traces").asArray()
                .hasSize(4);
        for (String request : List.of("/api/search?q=%7B%7D&limit=20&spss=3", "/api/search?tags=&limit=20",
                "/api/v2/search/tags?limit=5000&scope=resource", "/api/search/tags?limit=5000",
                "/api/v2/search/tag/resource.service.name/values?limit=5000&q=%7B%7D",
                "/api/search/tag/service.name/values?limit=5000", "/journeys/api/search?q=%7B%7D&limit=20&spss=3")) {
            assertThat(mvc.get().uri(URI.create(request + "&start=1700000000&end=" + (end + 1)))
                    .accept(MediaType.APPLICATION_JSON))
                    .as(request).hasStatus(400).hasContentTypeCompatibleWith(MediaType.TEXT_PLAIN)
                    .hasBodyTextEqualTo("invalid parameter 'start': the window set by start and end is 31d1s, more "
                            + "than the maximum of 31d (weft.query.max-search-window)");
        }
    }

    @Test
    void tagNamesByScope() {
        json("/api/v2/search/tags?limit=5000&start=1700000000&end=1700000010").isLenientlyEqualTo("""
                {"scopes": [{"name": "resource", "tags": ["deployment.environment", "service.name"]},
                            {"name": "span", "tags": ["big", "cached", "customer.tier", "http.method", "http.status_code",
                                                      "negative.big", "nothing", "ratio", "raw", "safe", "tags", "user"]},
                            {"name": "intrinsic"}],
                 "metrics": {}}""");
        AbstractJsonContentAssert<?> intrinsic = json("/api/v2/search/tags?scope=intrinsic");
        intrinsic.extractingPath("$.scopes.length()").isEqualTo(1);
        intrinsic.extractingPath("$.scopes[0].tags").asArray().contains("duration", "name", "status", "kind", "statusMessage",
                "rootName", "rootServiceName", "traceDuration", "span:name", "trace:rootService", "trace:duration");
        json("/api/v2/search/tags?scope=span&start=1700000001&end=1700000001")
                .isStrictlyEqualTo("{\"scopes\": [{\"name\": \"span\", \"tags\": [\"customer.tier\"]}], \"metrics\": {}}");
        json("/api/search/tags").extractingPath("$.tagNames").asArray().contains("service.name", "customer.tier", "http.method");
        assertThat(mvc.get().uri("/api/v2/search/tags?scope=event")).hasStatus(400);
    }

    @Test
    void typedTagValuesWithEncodedNames() {
        json("/api/v2/search/tag/resource.service.name/values?limit=5000").isStrictlyEqualTo("""
                {"tagValues": [{"type": "string", "value": "api"}, {"type": "string", "value": "billing"},
                               {"type": "string", "value": "orders"}], "metrics": {}}""");
        json("/api/v2/search/tag/span.http.status_code/values").extractingPath("$.tagValues")
                .isEqualTo(List.of(java.util.Map.of("type", "int", "value", "200")));
        json("/api/v2/search/tag/span.cached/values").extractingPath("$.tagValues[0].type").isEqualTo("bool");
        json("/api/v2/search/tag/span.ratio/values").extractingPath("$.tagValues[0]")
                .isEqualTo(java.util.Map.of("type", "float", "value", "0.25"));
        json("/api/v2/search/tag/status/values").extractingPath("$.tagValues[*].value").isEqualTo(List.of("unset", "ok", "error"));
        json("/api/v2/search/tag/span%3Akind/values").extractingPath("$.tagValues[*].value")
                .isEqualTo(List.of("unspecified", "internal", "server", "client", "producer", "consumer"));
        json("/api/v2/search/tag/kind/values").extractingPath("$.tagValues[0].type").isEqualTo("keyword");
        json("/api/v2/search/tag/span%3Aname/values?q=%7Bresource.service.name%3D%22billing%22%7D&start=1700000000&end=1700000010")
                .extractingPath("$.tagValues").isEqualTo(List.of(java.util.Map.of("type", "string", "value", "charge")));
        json("/api/v2/search/tag/%2Ehttp%2Emethod/values").extractingPath("$.tagValues[*].value").isEqualTo(List.of("GET"));
        json("/api/search/tag/service.name/values").isStrictlyEqualTo("{\"tagValues\": [\"api\", \"billing\", \"orders\"]}");
        assertThat(mvc.get().uri(URI.create("/api/v2/search/tag/event.x/values"))).hasStatus(400).bodyText()
                .contains("event attributes ('event.') are not supported");
    }

    @Test
    void theJourneyMountServesALoneTraceAsItsOwnJourneyAndSearchesOnlyChains() {
        TracesData trace = TempoProtos.traceByIdResponse(protobuf("/journeys/api/v2/traces/4bf92f3577b34da6"));
        assertThat(spanIds(trace)).containsExactlyInAnyOrder(ROOT_A, DB_A, ORDERS_A);
        assertThat(trace.getResourceSpans(0).getScopeSpans(0).getSpans(0).getAttributesList()).extracting(KeyValue::getKey)
                .contains(JourneyTrace.ORIGINAL_TRACE_ID);
        json("/journeys/api/search?q=%7B%7D&limit=20").extractingPath("$.traces").asArray().isEmpty();
        json("/journeys/api/v2/search/tag/resource.service.name/values").extractingPath("$.tagValues.length()").isEqualTo(3);
    }

    private byte[] protobuf(String path) {
        MvcTestResult result = mvc.get().uri(URI.create(path)).header("Accept", PROTOBUF).exchange();
        assertThat(result).hasStatusOk().hasContentType(PROTOBUF);
        return result.getResponse().getContentAsByteArray();
    }

    private AbstractJsonContentAssert<?> json(String path) {
        return assertThat(mvc.get().uri(URI.create(path)).accept(MediaType.APPLICATION_JSON)).hasStatusOk().bodyJson();
    }

    private AbstractJsonContentAssert<?> search(String queryAndParameters) {
        int amp = queryAndParameters.indexOf('&');
        String q = amp < 0 ? queryAndParameters : queryAndParameters.substring(0, amp);
        String rest = amp < 0 ? "" : queryAndParameters.substring(amp);
        return json("/api/search?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20") + rest);
    }

    private static org.assertj.core.api.ObjectArrayAssert<Object> traceIds(AbstractJsonContentAssert<?> json) {
        return json.extractingPath("$.traces[*].traceID").asArray();
    }

    static List<String> spanIds(TracesData trace) {
        return trace.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream()).map(s -> HexFormat.of().formatHex(s.getSpanId().toByteArray())).toList();
    }

    static List<String> serviceNames(TracesData trace) {
        return trace.getResourceSpansList().stream().map(ResourceSpans::getResource)
                .map(r -> r.getAttributesList().stream().filter(kv -> kv.getKey().equals("service.name"))
                        .findFirst().orElseThrow().getValue().getStringValue()).toList();
    }
}
