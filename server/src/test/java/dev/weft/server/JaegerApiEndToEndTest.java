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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jaeger API of a running Weft, fed by the OpenTelemetry SDK, called with the requests
 * Grafana's Jaeger datasource sends and decoded as Grafana decodes them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"weft.collector.grpc-port=0", "weft.collector.http-port=0"})
@Import({JaegerConfiguration.class, ZipkinConfiguration.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JaegerApiEndToEndTest {

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
    void servicesAndOperationsForGrafanasPickers() {
        JsonNode services = client().json("/jaeger/api/services");
        assertThat(strings(services.get("data"))).contains(scenario.web, scenario.billing, scenario.fulfillment);
        assertThat(services.get("total").asInt()).isEqualTo(services.get("data").size());
        assertThat(services.get("limit").asInt()).isZero();
        assertThat(services.get("offset").asInt()).isZero();
        assertThat(services.get("errors").isNull()).isTrue();
        assertThat(strings(client().json("/jaeger/api/services/" + scenario.web + "/operations").get("data")))
                .containsExactly("GET /checkout", "POST /charge", "orders publish");
        assertThat(client().json("/jaeger/api/operations?service=" + scenario.web + "&spanKind=producer").get("data")
                .toString()).isEqualTo("[{\"name\":\"orders publish\",\"spanKind\":\"producer\"}]");
    }

    @Test
    void searchAsGrafanaSendsIt() {
        long from = scenario.start / 1_000 - 60_000_000;
        long to = System.currentTimeMillis() * 1_000 + 60_000_000;
        String grafana = "/jaeger/api/traces?service=" + scenario.web + "&operation=" + encode("GET /checkout")
                + "&tags=" + encode("{\"http.request.method\":\"GET\",\"retry\":\"true\"}")
                + "&minDuration=100ms&maxDuration=1.5s&limit=20&start=" + from + "&end=" + to;
        JsonNode found = client().json(grafana).get("data");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("traceID").asString()).isEqualTo(scenario.checkoutTrace);
        assertThat(found.get(0).get("spans")).hasSize(4);

        assertThat(client().json("/jaeger/api/traces?service=" + scenario.billing + "&tags="
                + encode("{\"error\":\"true\"}")).get("data")).hasSize(1);
        assertThat(client().json("/jaeger/api/traces?service=" + scenario.web + "&tag=http.response.status_code:200"
                + "&tag=http.request.method:GET").get("data")).hasSize(1);
        assertThat(client().json("/jaeger/api/traces?service=" + scenario.web + "&minDuration=121ms").get("data")).isEmpty();
        assertThat(client().json("/jaeger/api/traces?service=" + scenario.web + "&start=" + from + "&end="
                + (scenario.micros(scenario.checkout) - 1)).get("data")).as("end one microsecond too early").isEmpty();
    }

    @Test
    void traceByIdMapsSpansProcessesTagsAndLogs() {
        JsonNode response = client().json("/jaeger/api/traces/" + scenario.checkoutTrace);
        assertThat(response.get("total").asInt()).isEqualTo(1);
        JsonNode trace = response.get("data").get(0);
        assertThat(trace.get("traceID").asString()).isEqualTo(scenario.checkoutTrace);
        Map<String, JsonNode> spans = bySpanId(trace);
        assertThat(spans).hasSize(4);

        JsonNode root = spans.get(scenario.checkout.getSpanId());
        assertThat(root.get("operationName").asString()).isEqualTo("GET /checkout");
        assertThat(root.get("flags").asInt()).isEqualTo(1);
        assertThat(root.get("references")).isEmpty();
        assertThat(root.get("startTime").isIntegralNumber()).isTrue();
        assertThat(root.get("startTime").asLong()).isEqualTo(scenario.micros(scenario.checkout));
        assertThat(root.get("duration").isIntegralNumber()).isTrue();
        assertThat(root.get("duration").asLong()).isEqualTo(120_000);
        Map<String, JsonNode> tags = byKey(root.get("tags"));
        assertTag(tags, "http.request.method", "string", "\"GET\"");
        assertTag(tags, "http.response.status_code", "int64", "200");
        assertTag(tags, "retry", "bool", "true");
        assertTag(tags, "ratio", "float64", "0.5");
        assertTag(tags, "payload", "binary", "\"" + Base64.getEncoder().encodeToString(new byte[]{1, 2, (byte) 0xff}) + "\"");
        assertTag(tags, "span.kind", "string", "\"server\"");
        assertTag(tags, "otel.scope.name", "string", "\"io.weft.compat\"");
        assertTag(tags, "otel.scope.version", "string", "\"1.0\"");
        assertTag(tags, "w3c.tracestate", "string", "\"vendor=x1\"");
        assertThat(tags).doesNotContainKeys("error", "otel.status_code");
        JsonNode log = root.get("logs").get(0);
        assertThat(log.get("timestamp").isIntegralNumber()).isTrue();
        assertThat(log.get("timestamp").asLong()).isEqualTo(scenario.micros(scenario.checkout) + 1_000);
        assertThat(log.get("fields").toString()).isEqualTo(
                "[{\"key\":\"event\",\"type\":\"string\",\"value\":\"cache.miss\"},"
                        + "{\"key\":\"key\",\"type\":\"string\",\"value\":\"o-1\"}]");

        JsonNode webProcess = trace.get("processes").get(root.get("processID").asString());
        assertThat(webProcess.get("serviceName").asString()).isEqualTo(scenario.web);
        Map<String, JsonNode> processTags = byKey(webProcess.get("tags"));
        assertTag(processTags, "deployment.environment.name", "string", "\"test\"");
        assertTag(processTags, "host.cpu.count", "int64", "2");
        assertThat(processTags).doesNotContainKey("service.name");

        JsonNode server = spans.get(scenario.chargeServer.getSpanId());
        assertThat(server.get("references").toString()).isEqualTo("[{\"refType\":\"CHILD_OF\",\"traceID\":\""
                + scenario.checkoutTrace + "\",\"spanID\":\"" + scenario.charge.getSpanId() + "\"}]");
        Map<String, JsonNode> serverTags = byKey(server.get("tags"));
        assertTag(serverTags, "error", "bool", "true");
        assertTag(serverTags, "otel.status_code", "string", "\"ERROR\"");
        assertTag(serverTags, "otel.status_description", "string", "\"card declined\"");
        assertThat(server.get("processID").asString()).isNotEqualTo(root.get("processID").asString());
        assertThat(trace.get("processes").get(server.get("processID").asString()).get("serviceName").asString())
                .isEqualTo(scenario.billing);
        assertThat(trace.get("processes")).hasSize(2);
        assertThat(spans.get(scenario.charge.getSpanId()).get("processID").asString())
                .isEqualTo(root.get("processID").asString());
    }

    @Test
    void zeroStrippedOddLengthIdWithGrafanasTimeParamsAndLinksAsFollowsFrom() {
        String stripped = scenario.consumerTrace.replaceFirst("^0+", "");
        assertThat(stripped).hasSize(15);
        long ms = scenario.start / 1_000_000;
        JsonNode trace = client().json("/jaeger/api/traces/" + stripped + "?start=" + (ms - 1_000) + "&end=" + (ms + 1_000))
                .get("data").get(0);
        assertThat(trace.get("traceID").asString()).isEqualTo(scenario.consumerTrace);
        JsonNode consumer = trace.get("spans").get(0);
        assertThat(consumer.get("references").toString()).isEqualTo("[{\"refType\":\"FOLLOWS_FROM\",\"traceID\":\""
                + scenario.checkoutTrace + "\",\"spanID\":\"" + scenario.publish.getSpanId() + "\"}]");
        assertThat(byKey(consumer.get("tags")).get("otel.status_code").get("value").asString()).isEqualTo("OK");
    }

    @Test
    void unknownTraceIs404InJaegersEnvelope() {
        HttpResponse<String> response = client().get("/jaeger/api/traces/" + SdkExportEndToEndTest.randomHex(32));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(
                "{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":404,\"msg\":\"trace not found\"}]}");
        assertThat(client().get("/jaeger/api/traces?minDuration=soon").statusCode()).isEqualTo(400);
    }

    @Test
    void dependenciesIncludeTheAsyncEdgeTheCorrelatorFound() {
        String request = "/jaeger/api/dependencies?endTs=" + (System.currentTimeMillis() + 60_000) + "&lookback=3600000";
        JsonNode links = CompatScenario.await(() -> client().json(request).get("data"),
                data -> links(data).containsKey(scenario.web + "->" + scenario.fulfillment));
        Map<String, JsonNode> mine = links(links);
        assertThat(mine.get(scenario.web + "->" + scenario.billing).toString()).isEqualTo(
                "{\"parent\":\"" + scenario.web + "\",\"child\":\"" + scenario.billing + "\",\"callCount\":1}");
        assertThat(mine.get(scenario.web + "->" + scenario.fulfillment).get("callCount").asLong()).isEqualTo(1);
        assertThat(mine).hasSize(2);
    }

    /** This scenario's links by {@code parent->child}. */
    private Map<String, JsonNode> links(JsonNode data) {
        Map<String, JsonNode> links = new HashMap<>();
        data.forEach(link -> {
            if (link.get("parent").asString().endsWith(scenario.suffix)) {
                links.put(link.get("parent").asString() + "->" + link.get("child").asString(), link);
            }
        });
        return links;
    }

    private static void assertTag(Map<String, JsonNode> tags, String key, String type, String valueJson) {
        assertThat(tags).containsKey(key);
        assertThat(tags.get(key).get("type").asString()).as(key).isEqualTo(type);
        assertThat(tags.get(key).get("value").toString()).as(key).isEqualTo(valueJson);
    }

    private static Map<String, JsonNode> byKey(JsonNode keyValues) {
        Map<String, JsonNode> byKey = new HashMap<>();
        keyValues.forEach(kv -> assertThat(byKey.put(kv.get("key").asString(), kv)).as("duplicate tag").isNull());
        return byKey;
    }

    private static Map<String, JsonNode> bySpanId(JsonNode trace) {
        Map<String, JsonNode> spans = new HashMap<>();
        trace.get("spans").forEach(span -> spans.put(span.get("spanID").asString(), span));
        return spans;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(node -> strings.add(node.asString()));
        return strings;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private WeftClient client() {
        return new WeftClient(queryPort);
    }
}
