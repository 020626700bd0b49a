package dev.weft.server;

import dev.weft.query.jaeger.JaegerConfiguration;
import dev.weft.query.zipkin.ZipkinConfiguration;
import dev.weft.server.web.OtlpHttpPort;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Zipkin API of a running Weft, fed by the OpenTelemetry SDK, called with the requests
 * Grafana's Zipkin datasource sends (no {@code endTs}: Zipkin's default window ends now).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"weft.collector.grpc-port=0", "weft.collector.http-port=0"})
@Import({JaegerConfiguration.class, ZipkinConfiguration.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZipkinApiEndToEndTest {

    @LocalServerPort
    int queryPort;

    @Autowired
    OtlpHttpPort otlpHttpPort;

    final CompatScenario scenario = new CompatScenario();

    @BeforeAll
    void export() {
        scenario.export("http://localhost:" + otlpHttpPort.localPort() + "/v1/traces");
    }

    @Test
    void servicesAndSpanNames() {
        assertThat(client().json("/zipkin/api/v2/services").toString())
                .contains("\"" + scenario.web + "\"", "\"" + scenario.billing + "\"", "\"" + scenario.fulfillment + "\"");
        assertThat(client().json("/zipkin/api/v2/spans?serviceName=" + scenario.web).toString())
                .isEqualTo("[\"GET /checkout\",\"POST /charge\",\"orders publish\"]");
        assertThat(client().json("/zipkin/api/v2/remoteServices?serviceName=" + scenario.web)).isEmpty();
    }

    @Test
    void searchAsGrafanaSendsIt() {
        JsonNode traces = client().json("/zipkin/api/v2/traces?serviceName=" + scenario.web + "&spanName="
                + encode("GET /checkout"));
        assertThat(traces).hasSize(1);
        assertThat(traces.get(0)).hasSize(4);
        assertThat(traces.get(0).get(0).get("traceId").asString()).isEqualTo(scenario.checkoutTrace);

        assertThat(client().json("/zipkin/api/v2/traces?serviceName=" + scenario.billing + "&annotationQuery=error"))
                .hasSize(1);
        assertThat(client().json("/zipkin/api/v2/traces?serviceName=" + scenario.web + "&annotationQuery="
                + encode("http.request.method=GET and retry=true") + "&limit=10")).hasSize(1);
        assertThat(client().json("/zipkin/api/v2/traces?serviceName=" + scenario.web + "&minDuration=120000"))
                .as("minDuration is microseconds").hasSize(1);
        assertThat(client().json("/zipkin/api/v2/traces?serviceName=" + scenario.web + "&minDuration=120001")).isEmpty();
        long endTs = scenario.start / 1_000_000;
        assertThat(client().json("/zipkin/api/v2/traces?serviceName=" + scenario.web + "&endTs=" + endTs + "&lookback=1"))
                .as("endTs and lookback are milliseconds").hasSize(1);
        assertThat(client().json("/zipkin/api/v2/traces?serviceName=" + scenario.web + "&endTs=" + (endTs - 1)))
                .isEmpty();
    }

    @Test
    void traceByIdMapsEverySpan() {
        JsonNode trace = client().json("/zipkin/api/v2/trace/" + scenario.checkoutTrace);
        Map<String, JsonNode> spans = new HashMap<>();
        trace.forEach(span -> spans.put(span.get("id").asString(), span));
        assertThat(spans).hasSize(4);

        JsonNode root = spans.get(scenario.checkout.getSpanId());
        assertThat(root.has("parentId")).isFalse();
        assertThat(root.get("name").asString()).isEqualTo("GET /checkout");
        assertThat(root.get("kind").asString()).isEqualTo("SERVER");
        assertThat(root.get("timestamp").isIntegralNumber()).isTrue();
        assertThat(root.get("timestamp").asLong()).isEqualTo(scenario.micros(scenario.checkout));
        assertThat(root.get("duration").asLong()).isEqualTo(120_000);
        assertThat(root.get("localEndpoint").toString()).isEqualTo("{\"serviceName\":\"" + scenario.web + "\"}");
        assertThat(root.has("remoteEndpoint")).isFalse();
        assertThat(root.get("annotations").toString()).isEqualTo("[{\"timestamp\":" + (scenario.micros(scenario.checkout) + 1_000)
                + ",\"value\":\"\\\"cache.miss\\\":{\\\"key\\\":\\\"o-1\\\"}\"}]");
        JsonNode tags = root.get("tags");
        assertThat(tags.get("http.response.status_code").asString()).isEqualTo("200");
        assertThat(tags.get("retry").asString()).isEqualTo("true");
        assertThat(tags.get("deployment.environment.name").asString()).isEqualTo("test");
        assertThat(tags.get("otel.scope.name").asString()).isEqualTo("io.weft.compat");
        assertThat(tags.has("error")).isFalse();

        JsonNode charge = spans.get(scenario.charge.getSpanId());
        assertThat(charge.get("parentId").asString()).isEqualTo(scenario.checkout.getSpanId());
        assertThat(charge.get("kind").asString()).isEqualTo("CLIENT");
        assertThat(charge.get("remoteEndpoint").toString()).isEqualTo("{\"serviceName\":\"" + scenario.billing + "\"}");

        JsonNode server = spans.get(scenario.chargeServer.getSpanId());
        assertThat(server.get("localEndpoint").get("serviceName").asString()).isEqualTo(scenario.billing);
        assertThat(server.get("tags").get("error").asString()).isEqualTo("card declined");
        assertThat(server.get("tags").get("otel.status_code").asString()).isEqualTo("ERROR");
        assertThat(spans.get(scenario.publish.getSpanId()).get("kind").asString()).isEqualTo("PRODUCER");
    }

    @Test
    void zeroStrippedOddLengthIdAndUnknownTrace() {
        JsonNode trace = client().json("/zipkin/api/v2/trace/" + scenario.consumerTrace.replaceFirst("^0+", ""));
        assertThat(trace).hasSize(1);
        assertThat(trace.get(0).get("traceId").asString()).isEqualTo(scenario.consumerTrace);
        assertThat(trace.get(0).get("kind").asString()).isEqualTo("CONSUMER");

        HttpResponse<String> unknown = client().get("/zipkin/api/v2/trace/" + SdkExportEndToEndTest.randomHex(32));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(unknown.body()).endsWith("not found");
    }

    @Test
    void dependenciesIncludeTheAsyncEdgeWithErrorCounts() {
        String request = "/zipkin/api/v2/dependencies?endTs=" + (System.currentTimeMillis() + 60_000) + "&lookback=3600000";
        JsonNode links = CompatScenario.await(() -> client().json(request),
                all -> all.toString().contains("\"child\":\"" + scenario.fulfillment + "\""));
        Map<String, String> mine = new HashMap<>();
        links.forEach(link -> {
            if (link.get("parent").asString().endsWith(scenario.suffix)) {
                mine.put(link.get("child").asString(), link.toString());
            }
        });
        assertThat(mine).containsOnlyKeys(scenario.billing, scenario.fulfillment);
        assertThat(mine.get(scenario.billing)).isEqualTo("{\"parent\":\"" + scenario.web + "\",\"child\":\"" + scenario.billing
                + "\",\"callCount\":1,\"errorCount\":1}");
        assertThat(mine.get(scenario.fulfillment)).isEqualTo("{\"parent\":\"" + scenario.web + "\",\"child\":\""
                + scenario.fulfillment + "\",\"callCount\":1,\"errorCount\":0}");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private WeftClient client() {
        return new WeftClient(queryPort);
    }
}
