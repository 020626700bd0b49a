package dev.weft.server;

import dev.weft.server.web.OtlpHttpPort;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OTLP/JSON posted by hand (as curl or a browser SDK does) lands on the OTLP port and is
 * queryable on the query port; each port answers only for its own paths.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"weft.collector.grpc-port=0", "weft.collector.http-port=0"})
class OtlpJsonAndPortsTest {

    static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";

    static final String BODY = """
            {"resourceSpans": [{
              "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "json-client"}}]},
              "scopeSpans": [{
                "scope": {"name": "manual", "version": "0.1"},
                "spans": [
                  {"traceId": "%s", "spanId": "eee19b7ec3c1b174", "name": "GET /json",
                   "kind": 2, "startTimeUnixNano": "1767225600000000000", "endTimeUnixNano": "1767225600250000000",
                   "attributes": [{"key": "http.response.status_code", "value": {"intValue": "200"}},
                                  {"key": "big", "value": {"intValue": "9007199254740993"}}],
                   "status": {"code": 1}},
                  {"traceId": "%s", "spanId": "0000", "name": "broken",
                   "startTimeUnixNano": "1767225600000000000", "endTimeUnixNano": "1767225600000000001"}
                ]}]}]}
            """.formatted(TRACE_ID, TRACE_ID);

    @LocalServerPort
    int queryPort;

    @Autowired
    OtlpHttpPort otlpHttpPort;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jsonSpansAreStoredAndTheBrokenOneIsReportedAsPartialSuccess() throws Exception {
        HttpResponse<String> response = post(otlpHttpPort.localPort(), "/v1/traces", BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode partialSuccess = tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body())
                .get("partialSuccess");
        assertThat(partialSuccess.get("rejectedSpans").asString()).isEqualTo("1");
        assertThat(partialSuccess.get("errorMessage").asString())
                .isEqualTo("1 span rejected: span 'broken': span_id must be 8 bytes, got 2");
        JsonNode spans = new WeftClient(queryPort).json("/api/v1/traces/" + TRACE_ID).get("spans");
        assertThat(spans).hasSize(1);
        JsonNode span = spans.get(0);
        assertThat(span.get("kind").asString()).isEqualTo("SERVER");
        assertThat(span.get("status").get("code").asString()).isEqualTo("OK");
        assertThat(span.get("serviceName").asString()).isEqualTo("json-client");
        assertThat(span.get("durationNanos").asString()).isEqualTo("250000000");
        assertThat(span.get("attributes").get("http.response.status_code").isNumber()).isTrue();
        assertThat(span.get("attributes").get("big").asString()).isEqualTo("9007199254740993");
    }

    @Test
    void eachPortServesOnlyItsOwnPaths() throws Exception {
        assertThat(post(queryPort, "/v1/traces", BODY).statusCode()).isEqualTo(404);
        HttpResponse<String> queryOnOtlpPort = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + otlpHttpPort.localPort() + "/api/v1/services")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(queryOnOtlpPort.statusCode()).isEqualTo(404);
    }
}
