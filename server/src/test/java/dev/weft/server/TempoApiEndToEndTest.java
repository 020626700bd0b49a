package dev.weft.server;

import dev.weft.correlation.journey.JourneyScenarioTest;
import dev.weft.model.Span;
import dev.weft.otlp.OtlpEncoder;
import dev.weft.testing.TempoProtos;
import dev.weft.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.weft.server.SdkExportEndToEndTest.randomHex;
import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grafana's Tempo datasource against a running Weft, request for request: spans in through the
 * SDK's OTLP exporter, then "Save & test", search with TraceQL and second-resolution ranges, trace by
 * a zero-stripped odd-length id in protobuf (decoded as Grafana decodes it), tag names and
 * percent-encoded tag values through the real HTTP server, and the journey datasource at
 * {@code /journeys} drawing a five-trace chain as one trace. Run in each storage mode by a subclass;
 * every read polls, since Elasticsearch shows writes after its refresh interval.
 */
abstract class TempoApiEndToEndTest {

    private static final long MS = 1_000_000L;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The query API's port. */
    abstract int port();

    /** The OTLP/HTTP port. */
    abstract int otlpHttpPort();

    private final HttpClient http = HttpClient.newHttpClient();
    private String service;
    /** 17 leading zeros: Grafana asks for it with 15 digits, an odd length. */
    private String traceId;
    private long start;
    private SpanData root;
    private SpanData query;

    /** A new trace of a new service for every test, also where one instance runs all tests. */
    @BeforeEach
    void exportATrace() {
        service = "shop-" + randomHex(6);
        traceId = "0".repeat(17) + randomHex(15);
        start = System.currentTimeMillis() * MS;
        Resource resource = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service,
                AttributeKey.stringKey("k8s.namespace.name"), "shop"));
        root = span(traceId, null, resource, "GET /cart", SpanKind.SERVER, 0, 250,
                Attributes.of(AttributeKey.longKey("http.response.status_code"), 500L, AttributeKey.stringKey("team/owner"), "payments"),
                StatusData.create(StatusCode.ERROR, "upstream timeout"));
        query = span(traceId, root, resource, "SELECT cart", SpanKind.CLIENT, 20, 100,
                Attributes.of(AttributeKey.stringKey("db.system.name"), "postgresql"), StatusData.unset());
        SpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint("http://localhost:" + otlpHttpPort() + "/v1/traces").build();
        try {
            assertThat(exporter.export(List.of(query, root)).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            exporter.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void saveAndTest() {
        assertThat(get("/api/echo", null).body()).isEqualTo("echo");
        assertThat(json("/api/status/buildinfo").get("version").asString()).isEqualTo("2.9.0");
        assertThat(get("/journeys/api/echo", null).statusCode()).isEqualTo(200);
    }

    @Test
    void searchByTraceQlWithSecondsAndThenTheTraceInProtobuf() {
        long seconds = start / 1_000_000_000L;
        JsonNode found = await("/api/search?q=" + encode("{resource.service.name=\"" + service + "\" && status=error && duration>100ms}")
                + "&limit=20&spss=3&start=" + (seconds - 60) + "&end=" + (seconds + 60), json -> json.get("traces").size() == 1);
        JsonNode trace = found.get("traces").get(0);
        assertThat(trace.get("traceID").asString()).isEqualTo(traceId);
        assertThat(trace.get("rootServiceName").asString()).isEqualTo(service);
        assertThat(trace.get("rootTraceName").asString()).isEqualTo("GET /cart");
        assertThat(trace.get("startTimeUnixNano").isString()).isTrue();
        assertThat(trace.get("startTimeUnixNano").asString()).isEqualTo(Long.toString(start));
        assertThat(trace.get("durationMs").isNumber()).isTrue();
        assertThat(trace.get("durationMs").asLong()).isEqualTo(250);
        JsonNode span = trace.get("spanSets").get(0).get("spans").get(0);
        assertThat(span.get("spanID").asString()).isEqualTo(root.getSpanId());
        assertThat(span.get("durationNanos").asString()).isEqualTo("250000000");
        assertThat(trace.get("serviceStats").get(service).get("errorCount").asInt()).isEqualTo(1);

        String grafanaId = traceId.replaceFirst("^0+", "");
        assertThat(grafanaId).hasSize(15);
        TracesData v2 = TempoProtos.traceByIdResponse(protobuf("/api/v2/traces/" + grafanaId + "?start=" + (seconds - 60)
                + "&end=" + (seconds + 60)));
        assertThat(spans(v2)).extracting(s -> HexFormat.of().formatHex(s.getSpanId().toByteArray()))
                .containsExactlyInAnyOrder(root.getSpanId(), query.getSpanId());
        assertThat(spans(v2)).allSatisfy(s -> assertThat(HexFormat.of().formatHex(s.getTraceId().toByteArray())).isEqualTo(traceId));
        assertThat(spans(TempoProtos.trace(protobuf("/api/traces/" + grafanaId)))).hasSize(2);
    }

    @Test
    void anUnknownTraceIs404SoGrafanaFallsBackAndThenGivesUp() {
        String unknown = randomHex(32);
        assertThat(get("/api/v2/traces/" + unknown, "application/protobuf").statusCode()).isEqualTo(404);
        assertThat(get("/api/traces/" + unknown, "application/protobuf").statusCode()).isEqualTo(404);
    }

    @Test
    void tagNamesAndPercentEncodedTagValuesThroughTheHttpServer() {
        long seconds = start / 1_000_000_000L;
        String range = "&start=" + (seconds - 60) + "&end=" + (seconds + 60);
        JsonNode scopes = await("/api/v2/search/tags?limit=5000" + range,
                json -> json.toString().contains("team/owner") && json.toString().contains("k8s.namespace.name")).get("scopes");
        Map<String, String> byScope = new java.util.HashMap<>();
        scopes.forEach(s -> byScope.put(s.get("name").asString(), s.get("tags").toString()));
        assertThat(byScope.get("resource")).contains("\"service.name\"", "\"k8s.namespace.name\"");
        assertThat(byScope.get("span")).contains("\"team/owner\"", "\"http.response.status_code\"");
        assertThat(byScope.get("intrinsic")).contains("\"status\"", "\"span:name\"");

        String filter = "&q=" + encode("{resource.service.name=\"" + service + "\"}");
        assertThat(json("/api/v2/search/tag/span.team%2Fowner/values?limit=5000" + range + filter).get("tagValues").toString())
                .isEqualTo("[{\"type\":\"string\",\"value\":\"payments\"}]");
        assertThat(json("/api/v2/search/tag/span.http.response.status_code/values?limit=5000" + range + filter)
                .get("tagValues").toString()).isEqualTo("[{\"type\":\"int\",\"value\":\"500\"}]");
        assertThat(json("/api/v2/search/tag/span%3Aname/values?limit=5000" + range + filter).get("tagValues").toString())
                .isEqualTo("[{\"type\":\"string\",\"value\":\"GET /cart\"},{\"type\":\"string\",\"value\":\"SELECT cart\"}]");
        assertThat(json("/api/v2/search/tag/status/values").get("tagValues").get(0).get("type").asString()).isEqualTo("keyword");
        assertThat(json("/api/search/tag/team%2Fowner/values").get("tagValues").toString()).contains("\"payments\"");
    }

    @Test
    void unsupportedTraceQlIsAPlainTextBadRequest() {
        HttpResponse<String> response = get("/api/search?q=" + encode("{resource.service.name=\"a\"} | count() > 2"), "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(response.body()).contains("pipelines ('|') are not supported");
    }

    @Test
    void aFiveTraceJourneyIsOneTraceFromEveryMember() throws Exception {
        long offset = 20_000 + ThreadLocalRandom.current().nextInt(1_000_000);
        send(offsetChain(offset));
        String journeyId = traceId(1 + offset);
        Map<String, String> producerOf = Map.of(spanId(20 + offset), spanId(11 + offset), spanId(30 + offset), spanId(21 + offset),
                spanId(40 + offset), spanId(31 + offset), spanId(50 + offset), spanId(41 + offset));
        awaitJourneySpans(traceId(5 + offset), 9);

        for (long member = 1; member <= 5; member++) {
            String grafanaId = traceId(member + offset).replaceFirst("^0+", "");
            TracesData trace = TempoProtos.traceByIdResponse(protobuf("/journeys/api/v2/traces/" + grafanaId));
            List<io.opentelemetry.proto.trace.v1.Span> spans = spans(trace);
            assertThat(spans).as("every span of the five traces").hasSize(9);
            assertThat(spans).extracting(s -> HexFormat.of().formatHex(s.getTraceId().toByteArray())).containsOnly(journeyId);
            Map<String, io.opentelemetry.proto.trace.v1.Span> byId = spans.stream()
                    .collect(Collectors.toMap(s -> hex(s.getSpanId().toByteArray()), Function.identity()));
            assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(offsetChain(offset).stream().map(Span::spanId).toList());
            assertThat(spans.stream().filter(s -> s.getParentSpanId().isEmpty())).as("one root").hasSize(1)
                    .allSatisfy(s -> assertThat(hex(s.getSpanId().toByteArray())).isEqualTo(spanId(10 + offset)));
            producerOf.forEach((consumer, producer) ->
                    assertThat(hex(byId.get(consumer).getParentSpanId().toByteArray())).as("parent of consumer %s", consumer)
                            .isEqualTo(producer));
            assertThat(byId.get(spanId(50 + offset)).getAttributesList()).anySatisfy(kv -> {
                assertThat(kv.getKey()).isEqualTo("weft.original_trace_id");
                assertThat(kv.getValue().getStringValue()).isEqualTo(traceId(5 + offset));
            });
            assertThat(byId.get(spanId(50 + offset)).getLinksList()).anySatisfy(link -> {
                assertThat(hex(link.getTraceId().toByteArray())).isEqualTo(traceId(5 + offset));
                assertThat(hex(link.getSpanId().toByteArray())).isEqualTo(spanId(50 + offset));
            });
        }
        assertThat(spans(TempoProtos.trace(protobuf("/journeys/api/traces/" + traceId(3 + offset))))).hasSize(9);

        long seconds = T0 / 1_000_000_000L;
        String range = "&limit=20&spss=3&start=" + (seconds - 10) + "&end=" + (seconds + 10);
        String slowMailer = encode("{resource.service.name=\"mailer-" + offset + "\" && traceDuration > 1s}");
        JsonNode journeys = await("/journeys/api/search?q=" + slowMailer + range,
                json -> json.toString().contains(journeyId));
        JsonNode mine = null;
        for (JsonNode journey : journeys.get("traces")) {
            if (journey.get("traceID").asString().equals(journeyId)) {
                mine = journey;
            }
        }
        assertThat(mine).as("the journey, found by a duration no single trace of it has: %s", journeys).isNotNull();
        assertThat(mine.get("rootServiceName").asString()).isEqualTo("api-" + offset);
        assertThat(mine.get("rootTraceName").asString()).isEqualTo("POST /orders");
        assertThat(mine.get("durationMs").asLong()).isEqualTo(1580);
        assertThat(mine.get("spanSets").get(0).get("spans").get(0).get("spanID").asString()).isEqualTo(spanId(50 + offset));
        assertThat(json("/api/search?q=" + slowMailer + range)
                .get("traces").toString()).as("no single trace lasts that long").doesNotContain(traceId(5 + offset));
    }

    /**
     * The scenario's chain under other ids and service names, with its message ids, offsets and
     * object keys made unique to this copy, so that it and other tests' chains in the same server
     * never meet.
     */
    static List<Span> offsetChain(long offset) {
        List<Span> chain = new ArrayList<>();
        for (Span span : JourneyScenarioTest.fiveTraceChain()) {
            chain.add(new Span(traceId(Long.parseLong(span.traceId(), 16) + offset), spanId(Long.parseLong(span.spanId(), 16) + offset),
                    "", span.parentSpanId().isEmpty() ? "" : spanId(Long.parseLong(span.parentSpanId(), 16) + offset), 1,
                    span.name(), span.kind(), span.startTimeUnixNano(), span.endTimeUnixNano(), JourneyApiTest.withIds(span, offset),
                    0, List.of(), 0, List.of(), 0, span.status(), TestTelemetry.resource(span.serviceName() + "-" + offset),
                    span.scope()));
        }
        return chain;
    }

    /** Sends model spans as OTLP/HTTP protobuf, as the journey API's test does. */
    private void send(List<Span> spans) throws Exception {
        byte[] body = ExportTraceServiceRequest.newBuilder()
                .addAllResourceSpans(OtlpEncoder.traces(spans).getResourceSpansList()).build().toByteArray();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + otlpHttpPort() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    /** Waits for the correlator to have stitched the chain: it matches every half second. */
    private void awaitJourneySpans(String memberId, int spans) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        int seen = 0;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<byte[]> response = getBytes("/journeys/api/v2/traces/" + memberId, "application/protobuf");
            if (response.statusCode() == 200 && (seen = spans(TempoProtos.traceByIdResponse(response.body())).size()) == spans) {
                return;
            }
            JourneyApiTest.sleep();
        }
        throw new AssertionError("the journey of " + memberId + " has " + seen + " spans, not " + spans);
    }

    private static List<io.opentelemetry.proto.trace.v1.Span> spans(TracesData trace) {
        return trace.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream()).toList();
    }

    private SpanData span(String trace, SpanData parent, Resource resource, String name, SpanKind kind, long offsetMs,
                          long durationMs, Attributes attributes, StatusData status) {
        TestSpanData.Builder span = TestSpanData.builder()
                .setSpanContext(SpanContext.create(trace, randomHex(16), TraceFlags.getSampled(), TraceState.getDefault()))
                .setResource(resource).setInstrumentationScopeInfo(InstrumentationScopeInfo.create("io.weft.tempo"))
                .setName(name).setKind(kind).setStartEpochNanos(start + offsetMs * MS)
                .setEndEpochNanos(start + (offsetMs + durationMs) * MS).setAttributes(attributes)
                .setTotalAttributeCount(attributes.size()).setStatus(status).setHasEnded(true);
        if (parent != null) {
            span.setParentSpanContext(parent.getSpanContext());
        }
        return span.build();
    }

    /** GETs the JSON until it satisfies the condition, for at most 20 seconds. */
    private JsonNode await(String path, java.util.function.Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode json = json(path);
        while (!done.test(json) && Instant.now().isBefore(deadline)) {
            JourneyApiTest.sleep();
            json = json(path);
        }
        assertThat(done.test(json)).as("GET %s answered %s", path, json).isTrue();
        return json;
    }

    private byte[] protobuf(String path) {
        HttpResponse<byte[]> response = getBytes(path, "application/protobuf");
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/protobuf");
        return response.body();
    }

    private JsonNode json(String path) {
        HttpResponse<String> response = get(path, "application/json");
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path, String accept) {
        return send(path, accept, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(String path, String accept) {
        return send(path, accept, HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> send(String path, String accept, HttpResponse.BodyHandler<T> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return http.send(request.build(), body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
