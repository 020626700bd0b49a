package dev.weft.collector.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.google.rpc.Status;
import dev.weft.collector.CollectorTest;
import dev.weft.model.AggregationTemporality;
import dev.weft.model.AnyValue;
import dev.weft.model.LogRecord;
import dev.weft.model.MetricPoint;
import dev.weft.model.PointData;
import dev.weft.model.Span;
import dev.weft.model.SpanKind;
import dev.weft.model.SpanLink;
import dev.weft.model.StatusCode;
import dev.weft.storage.LogQuery;
import dev.weft.storage.MetricQuery;
import dev.weft.storage.memory.InMemoryStorage;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import static dev.weft.collector.OtlpRequests.gzip;
import static dev.weft.collector.CollectorTest.MAX_REQUEST_BYTES;
import static dev.weft.collector.OtlpRequests.START;
import static dev.weft.collector.OtlpRequests.gauge;
import static dev.weft.collector.OtlpRequests.log;
import static dev.weft.collector.OtlpRequests.logs;
import static dev.weft.collector.OtlpRequests.point;
import static dev.weft.collector.OtlpRequests.randomId;
import static dev.weft.collector.OtlpRequests.span;
import static dev.weft.collector.OtlpRequests.traces;
import static dev.weft.collector.OtlpRequests.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@CollectorTest
class OtlpHttpReceiverTest {

    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @Autowired
    InMemoryStorage storage;

    // --- binary protobuf, plain and gzip-compressed

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void tracesAsProtobuf(boolean gzip) throws Exception {
        String trace = randomId(16);

        HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF,
                body(traces(span(trace, "GET /cart")).toByteArray(), gzip), gzip);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contentType(response)).startsWith(PROTOBUF);
        assertThat(ExportTraceServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
        assertThat(storage.spanStore().getTrace(trace)).extracting(Span::name).containsExactly("GET /cart");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void logsAsProtobuf(boolean gzip) throws Exception {
        String trace = randomId(16);

        HttpResponse<byte[]> response = post("/v1/logs", PROTOBUF,
                body(logs(log(trace, "payment declined")).toByteArray(), gzip), gzip);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ExportLogsServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
        assertThat(logsOf(trace)).extracting(l -> l.body().asText()).containsExactly("payment declined");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void metricsAsProtobuf(boolean gzip) throws Exception {
        String metric = "queue.depth." + randomId(4);

        HttpResponse<byte[]> response = post("/v1/metrics", PROTOBUF,
                body(gauge(metric, point(7)).toByteArray(), gzip), gzip);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ExportMetricsServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
        assertThat(pointsOf(metric)).singleElement().isInstanceOfSatisfying(PointData.NumberPoint.class,
                p -> assertThat(p.value()).isEqualTo(7L));
    }

    @Test
    void partialSuccessIsOkWithTheRejectedCountInProtobuf() throws Exception {
        String trace = randomId(16);

        HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF,
                traces(span(trace, "valid"), span(randomId(15), "short trace id")).toByteArray(), false);

        assertThat(response.statusCode()).isEqualTo(200);
        var partial = ExportTraceServiceResponse.parseFrom(response.body()).getPartialSuccess();
        assertThat(partial.getRejectedSpans()).isEqualTo(1);
        assertThat(partial.getErrorMessage()).contains("trace_id must be 16 bytes, got 15");
        assertThat(storage.spanStore().getTrace(trace)).extracting(Span::name).containsExactly("valid");
    }

    // --- OTLP/JSON

    @Test
    void tracesAsJsonWithHexIdsEnumNumbersAndStringInt64s() throws Exception {
        String trace = randomId(16);
        String parent = randomId(8);
        String linkedTrace = randomId(16);
        String linkedSpan = randomId(8);
        String json = """
                {"resourceSpans": [{
                  "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "json-api"}}]},
                  "scopeSpans": [{"scope": {"name": "manual"}, "spans": [
                    {"traceId": "%1$s", "spanId": "00000000000000a1", "parentSpanId": "%2$s", "name": "camel",
                     "kind": 2, "startTimeUnixNano": "1700000000000000000", "endTimeUnixNano": 1700000000500000000,
                     "attributes": [{"key": "http.response.status_code", "value": {"intValue": "503"}}],
                     "status": {"code": 2, "message": "upstream down"},
                     "links": [{"traceId": "%3$s", "spanId": "%4$s"}],
                     "someFutureField": true},
                    {"trace_id": "%1$s", "span_id": "00000000000000A2", "parent_span_id": "", "name": "snake",
                     "kind": 4, "start_time_unix_nano": 1700000000000000000,
                     "end_time_unix_nano": "1700000000000000001"}
                  ]}]
                }]}
                """.formatted(trace.toUpperCase(Locale.ROOT), parent, linkedTrace, linkedSpan);

        HttpResponse<byte[]> response = post("/v1/traces", JSON, json.getBytes(StandardCharsets.UTF_8), false);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contentType(response)).startsWith(JSON);
        assertThat(parseJson(response.body(), ExportTraceServiceResponse.newBuilder()).hasPartialSuccess()).isFalse();
        assertThat(storage.spanStore().getTrace(trace))
                .extracting(Span::traceId, Span::spanId, Span::parentSpanId, Span::name, Span::kind,
                        Span::startTimeUnixNano, Span::endTimeUnixNano, Span::serviceName)
                .containsExactly(
                        tuple(trace, "00000000000000a1", parent, "camel", SpanKind.SERVER,
                                START, START + 500_000_000, "json-api"),
                        tuple(trace, "00000000000000a2", "", "snake", SpanKind.PRODUCER, START, START + 1, "json-api"));
        Span camel = storage.spanStore().getTrace(trace).getFirst();
        assertThat(camel.status().code()).isEqualTo(StatusCode.ERROR);
        assertThat(camel.status().message()).isEqualTo("upstream down");
        assertThat(camel.attributes().get("http.response.status_code")).isEqualTo(new AnyValue.Int(503));
        assertThat(camel.links()).extracting(SpanLink::traceId, SpanLink::spanId)
                .containsExactly(tuple(linkedTrace, linkedSpan));
    }

    @Test
    void logsAsJsonWithHexIds() throws Exception {
        String trace = randomId(16);
        String span = randomId(8);
        String json = """
                {"resource_logs": [{"scope_logs": [{"log_records": [
                  {"time_unix_nano": "1700000000000000000", "severity_number": 17, "severity_text": "ERROR",
                   "body": {"string_value": "payment declined"}, "trace_id": "%s", "span_id": "%s"}
                ]}]}]}
                """.formatted(trace, span);

        HttpResponse<byte[]> response = post("/v1/logs", JSON, json.getBytes(StandardCharsets.UTF_8), false);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(logsOf(trace))
                .extracting(LogRecord::traceId, LogRecord::spanId, LogRecord::severityNumber, LogRecord::timeUnixNano,
                        l -> l.body().asText())
                .containsExactly(tuple(trace, span, 17, START, "payment declined"));
    }

    @Test
    void metricsAsJsonWithStringInt64sAndHexExemplarIds() throws Exception {
        String metric = "orders.placed." + randomId(4);
        String trace = randomId(16);
        String span = randomId(8);
        String json = """
                {"resourceMetrics": [{"scopeMetrics": [{"metrics": [{"name": "%s", "unit": "1",
                  "sum": {"aggregationTemporality": 2, "isMonotonic": true, "dataPoints": [
                    {"startTimeUnixNano": "1700000000000000000", "timeUnixNano": "1700000000000000010",
                     "asInt": "9007199254740993",
                     "exemplars": [{"timeUnixNano": "1700000000000000005", "asDouble": 1.5,
                                    "traceId": "%s", "spanId": "%s"}]}
                  ]}}]}]}]}
                """.formatted(metric, trace, span);

        HttpResponse<byte[]> response = post("/v1/metrics", JSON, json.getBytes(StandardCharsets.UTF_8), false);

        assertThat(response.statusCode()).isEqualTo(200);
        MetricPoint stored = storage.metricStore().findMetrics(new MetricQuery(metric, null, null, 10)).getFirst();
        assertThat(stored.metric().temporality()).isEqualTo(AggregationTemporality.CUMULATIVE);
        assertThat(stored.metric().monotonic()).isTrue();
        var point = (PointData.NumberPoint) stored.point();
        assertThat(point.value()).isEqualTo(9_007_199_254_740_993L); // 2^53 + 1: survives only as an exact integer
        assertThat(point.timeUnixNano()).isEqualTo(START + 10);
        assertThat(point.exemplars()).singleElement().satisfies(e -> {
            assertThat(e.traceId()).isEqualTo(trace);
            assertThat(e.spanId()).isEqualTo(span);
            assertThat(e.value()).isEqualTo(1.5);
        });
    }

    @Test
    void wrongLengthHexIdRejectsOnlyThatSpanInJson() throws Exception {
        String trace = randomId(16);
        String json = """
                {"resourceSpans": [{"scopeSpans": [{"spans": [
                  {"traceId": "%s", "spanId": "%s", "name": "valid", "startTimeUnixNano": "1", "endTimeUnixNano": "2"},
                  {"traceId": "%s", "spanId": "%s", "name": "short", "startTimeUnixNano": "1", "endTimeUnixNano": "2"}
                ]}]}]}
                """.formatted(trace, randomId(8), randomId(15), randomId(8));

        HttpResponse<byte[]> response = post("/v1/traces", JSON, json.getBytes(StandardCharsets.UTF_8), false);

        assertThat(response.statusCode()).isEqualTo(200);
        var partial = parseJson(response.body(), ExportTraceServiceResponse.newBuilder()).getPartialSuccess();
        assertThat(partial.getRejectedSpans()).isEqualTo(1);
        assertThat(partial.getErrorMessage()).contains("span 'short': trace_id must be 16 bytes, got 15");
        assertThat(storage.spanStore().getTrace(trace)).extracting(Span::name).containsExactly("valid");
    }

    /** Ids that are not hex cannot be turned into bytes, so the request is refused as a whole. */
    @ParameterizedTest
    @ValueSource(strings = {"\"zz\"", "\"abc\"", "\"AAAAAAAAAAAAAAAAAAAAAA==\"", "12", "{}"})
    void nonHexIdInJsonIsBadRequestNamingTheField(String id) throws Exception {
        String json = """
                {"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": %s, "spanId": "00000000000000a1"}]}]}]}
                """.formatted(id);

        HttpResponse<byte[]> response = post("/v1/traces", JSON, json.getBytes(StandardCharsets.UTF_8), false);

        assertThat(response.statusCode()).isEqualTo(400);
        Status.Builder status = parseJson(response.body(), Status.newBuilder());
        assertThat(status.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        assertThat(status.getMessage()).contains("traceId must be a hex string");
    }

    // --- bad requests: answered with a reason, never a 500

    @Test
    void malformedProtobufIsBadRequestWithAStatusMessage() throws Exception {
        HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF, new byte[]{0x0a, 0x05, 0x01}, false);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(contentType(response)).startsWith(PROTOBUF);
        Status status = Status.parseFrom(response.body());
        assertThat(status.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        assertThat(status.getMessage()).startsWith("Malformed protobuf body");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "{\"resourceSpans\": [",
            "[]",
            "\"text\"",
            "{\"resourceSpans\": \"nope\"}",
            "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"startTimeUnixNano\": \"soon\"}]}]}]}",
            "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"name\": {\"a\": 1}}]}]}]}",
            "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"spanId\": [\"00000000000000a1\"]}]}]}]}",
            "{\"resourceSpans\": [{\"resource\": {\"attributes\": [{\"key\": \"k\", \"value\": {\"intValue\": 1.5}}]}}]}",
            "{} trailing",
    })
    void malformedJsonIsBadRequestWithAStatusMessage(String json) throws Exception {
        HttpResponse<byte[]> response = post("/v1/traces", JSON, json.getBytes(StandardCharsets.UTF_8), false);

        assertThat(response.statusCode()).isEqualTo(400);
        Status.Builder status = parseJson(response.body(), Status.newBuilder());
        assertThat(status.getMessage()).startsWith("Malformed OTLP/JSON body: ").hasSizeGreaterThan(30);
    }

    @Test
    void deeplyNestedJsonIsBadRequest() throws Exception {
        String json = "{\"resourceSpans\": [{\"unknown\": " + "[".repeat(3000) + "]".repeat(3000) + "}]}";

        HttpResponse<byte[]> response = post("/v1/traces", JSON, json.getBytes(StandardCharsets.UTF_8), false);

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/protobuf-but-not-really", "nonsense"})
    void unsupportedContentTypeIs415(String contentType) throws Exception {
        HttpResponse<byte[]> response = post("/v1/logs", contentType, "{}".getBytes(StandardCharsets.UTF_8), false);

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(parseJson(response.body(), Status.newBuilder()).getMessage())
                .contains("Content-Type must be application/x-protobuf or application/json", contentType);
    }

    @Test
    void missingContentTypeIs415() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/metrics"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build();

        assertThat(client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(415);
    }

    @Test
    void unsupportedContentEncodingIs415() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/traces")).header("Content-Type", PROTOBUF)
                .header("Content-Encoding", "br").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{1})).build();

        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(Status.parseFrom(response.body()).getMessage()).contains("Content-Encoding 'br'");
    }

    @Test
    void corruptGzipIsBadRequest() throws Exception {
        HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF, "not gzip".getBytes(StandardCharsets.UTF_8), true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Status.parseFrom(response.body()).getMessage()).startsWith("Malformed gzip body");
    }

    // --- size limit

    @Test
    void oversizedBodyIs413() throws Exception {
        byte[] big = new byte[MAX_REQUEST_BYTES + 1];
        ThreadLocalRandom.current().nextBytes(big);

        HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF, big, false);

        assertThat(response.statusCode()).isEqualTo(413);
        Status status = Status.parseFrom(response.body());
        assertThat(status.getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);
        assertThat(status.getMessage()).contains("exceeds the limit of " + MAX_REQUEST_BYTES + " bytes");
    }

    @Test
    void oversizedChunkedBodyWithoutContentLengthIs413() throws Exception {
        String trace = randomId(16);
        byte[] big = zeros(trace, MAX_REQUEST_BYTES).toByteArray();
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/traces")).header("Content-Type", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();

        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(storage.spanStore().getTrace(trace)).isEmpty();
    }

    @Test
    void gzipBombIs413() throws Exception {
        String trace = randomId(16);
        byte[] bomb = gzip(zeros(trace, 10 * 1024 * 1024).toByteArray());
        assertThat(bomb.length).isLessThan(MAX_REQUEST_BYTES);

        HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF, bomb, true);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Status.parseFrom(response.body()).getMessage())
                .startsWith("Decompressed request body exceeds the limit");
        assertThat(storage.spanStore().getTrace(trace)).isEmpty();
    }

    // --- helpers

    private HttpResponse<byte[]> post(String path, String contentType, byte[] body, boolean gzipped)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzipped) {
            request.header("Content-Encoding", "gzip");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static byte[] body(byte[] bytes, boolean gzip) {
        return gzip ? gzip(bytes) : bytes;
    }


    private static <B extends Message.Builder> B parseJson(byte[] json, B builder)
            throws InvalidProtocolBufferException {
        JsonFormat.parser().merge(new String(json, StandardCharsets.UTF_8), builder);
        return builder;
    }

    private List<LogRecord> logsOf(String traceId) {
        return storage.logStore().findLogs(LogQuery.all(10).withTrace(traceId, null));
    }

    private List<PointData> pointsOf(String metric) {
        return storage.metricStore().findMetrics(new MetricQuery(metric, null, null, 10)).stream()
                .map(MetricPoint::point).toList();
    }
}
