package dev.weft.server;

import dev.weft.correlation.journey.JourneyScenarioTest;
import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Span;
import dev.weft.model.SpanKind;
import dev.weft.model.Status;
import dev.weft.otlp.OtlpEncoder;
import dev.weft.server.web.OtlpHttpPort;
import dev.weft.testing.TestTelemetry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Journeys through the whole server: spans in over OTLP/HTTP, keys recorded at ingest, the
 * correlator's loop matching them, the journey and rule APIs answering.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"weft.collector.grpc-port=0", "weft.collector.http-port=0"})
class JourneyApiTest {

    @LocalServerPort
    int queryPort;

    @Autowired
    OtlpHttpPort otlpHttpPort;

    final HttpClient http = HttpClient.newHttpClient();

    void send(List<Span> spans) throws Exception {
        byte[] body = ExportTraceServiceRequest.newBuilder()
                .addAllResourceSpans(OtlpEncoder.traces(spans).getResourceSpansList()).build().toByteArray();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + otlpHttpPort.localPort() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    HttpResponse<String> call(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + queryPort + path))
                .header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the correlator: the default match interval promises a journey within about 2 s. */
    JsonNode awaitJourney(String traceId, int traces) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        JsonNode journey = null;
        while (Instant.now().isBefore(deadline)) {
            journey = new WeftClient(queryPort).json("/api/v1/traces/" + traceId + "/journey");
            if (journey.get("traceIds").size() == traces) {
                return journey;
            }
            sleep();
        }
        throw new AssertionError("journey of " + traceId + " did not reach " + traces + " traces: " + journey);
    }

    @Test
    void aFiveTraceChainIsServedAsOneJourneyFromEveryMember() throws Exception {
        List<Span> chain = new ArrayList<>(JourneyScenarioTest.fiveTraceChain());
        java.util.Collections.reverse(chain);
        send(chain);

        JsonNode journey = awaitJourney(traceId(4), 5);
        assertThat(journey.get("journeyId").asString()).isEqualTo(traceId(1));
        assertThat(journey.get("origins").toString()).isEqualTo("[\"" + traceId(1) + "\"]");
        assertThat(journey.get("spans")).hasSize(9);
        assertThat(journey.get("truncated").asBoolean()).isFalse();
        assertThat(journey.get("rootCause").isNull()).isTrue();
        List<String> rules = new ArrayList<>();
        journey.get("edges").forEach(e -> rules.add(e.get("rule").asString() + ":" + e.get("from").get("spanId").asString()
                + "->" + e.get("to").get("spanId").asString() + ":" + e.get("lagNanos").asString()));
        assertThat(rules).containsExactlyInAnyOrder(
                "messaging-id:" + spanId(11) + "->" + spanId(20) + ":160000000",
                "s3-object:" + spanId(21) + "->" + spanId(30) + ":600000000",
                "lambda-invoke:" + spanId(31) + "->" + spanId(40) + ":-50000000",
                "kafka-offset:" + spanId(41) + "->" + spanId(50) + ":395000000");
        assertThat(new WeftClient(queryPort).json("/api/v1/journeys/" + traceId(5)).get("journeyId").asString())
                .isEqualTo(traceId(1));

        JsonNode list = new WeftClient(queryPort).json("/api/v1/journeys?service=renderer&error=false");
        assertThat(list.get("journeys")).as("other tests' chains fail").hasSize(1);
        JsonNode summary = list.get("journeys").get(0);
        assertThat(summary.get("journeyId").asString()).isEqualTo(traceId(1));
        assertThat(summary.get("originServiceName").asString()).isEqualTo("api");
        assertThat(summary.get("originName").asString()).isEqualTo("POST /orders");
        assertThat(summary.get("traceCount").asInt()).isEqualTo(5);
        assertThat(summary.get("error").asBoolean()).isFalse();
        assertThat(new WeftClient(queryPort).json("/api/v1/journeys?error=true&service=renderer").toString())
                .doesNotContain(traceId(1));
        assertThat(new WeftClient(queryPort).json("/api/v1/journeys?minDuration=10s&service=renderer").get("journeys")).isEmpty();
    }

    @Test
    void aFailingChainHasItsRootCauseCriticalPathAndAsyncDependencies() throws Exception {
        long offset = 600;
        List<Span> chain = new ArrayList<>();
        for (Span span : JourneyScenarioTest.fiveTraceChain()) {
            // The same chain under other ids; the notifier fails.
            boolean notifier = span.spanId().equals(spanId(40));
            chain.add(new Span(traceId(Long.parseLong(span.traceId(), 16) + offset), spanId(Long.parseLong(span.spanId(), 16) + offset),
                    "", span.parentSpanId().isEmpty() ? "" : spanId(Long.parseLong(span.parentSpanId(), 16) + offset), 1,
                    span.name(), span.kind(), span.startTimeUnixNano(), span.endTimeUnixNano(), withIds(span, offset), 0,
                    List.of(), 0, List.of(), 0, notifier ? new Status(dev.weft.model.StatusCode.ERROR, "SMTP refused") : span.status(),
                    span.resource(), span.scope()));
        }
        send(chain);
        String origin = traceId(1 + offset);
        JsonNode journey = awaitJourney(traceId(5 + offset), 5);

        JsonNode rootCause = journey.get("rootCause");
        assertThat(rootCause.get("spanId").asString()).isEqualTo(spanId(40 + offset));
        assertThat(rootCause.get("serviceName").asString()).isEqualTo("notifier");
        assertThat(rootCause.get("message").asString()).isEqualTo("SMTP refused");
        assertThat(rootCause.get("path")).hasSize(7);
        assertThat(journey.get("criticalPath")).hasSize(9);
        assertThat(journey.get("criticalPath").get(8).get("queueLagNanos").asString()).isEqualTo("395000000");
        JsonNode alone = new WeftClient(queryPort).json("/api/v1/journeys/" + origin + "/root-cause");
        assertThat(alone.get("spanId").asString()).isEqualTo(spanId(40 + offset));

        JsonNode failing = new WeftClient(queryPort).json("/api/v1/journeys?rootCauseService=notifier");
        assertThat(failing.get("journeys")).hasSize(1);
        assertThat(failing.get("journeys").get(0).get("rootCauseName").asString()).isEqualTo("notifier");

        JsonNode dependencies = new WeftClient(queryPort).json("/api/v1/dependencies");
        List<String> edges = new ArrayList<>();
        dependencies.get("edges").forEach(e -> edges.add(e.get("parent").asString() + "->" + e.get("child").asString()
                + " " + e.get("kind").asString() + " via " + e.get("destination").asString()));
        assertThat(edges).contains("api->orders async via orders", "orders->renderer async via invoices",
                "notifier->mailer async via receipts");
    }

    /** The chain's attributes with its message ids, offsets and object keys made unique to this copy. */
    static Attributes withIds(Span span, long offset) {
        Map<String, AnyValue> attributes = new java.util.LinkedHashMap<>(span.attributes().asMap());
        for (String key : List.of("messaging.message.id", "aws.s3.key", "faas.document.name", "aws.request_id",
                "faas.invocation_id", "messaging.kafka.offset")) {
            if (attributes.containsKey(key)) {
                attributes.put(key, AnyValue.of(attributes.get(key).asText() + "-" + offset));
            }
        }
        return Attributes.of(attributes);
    }

    @Test
    void aRuleAddedOverRestJoinsABusinessKey() throws Exception {
        String rule = """
                {"name": "order-id",
                 "producer": {"where": {"kind": "PRODUCER", "messaging.destination.name": "orders"}, "key": ["order.id"]},
                 "consumer": {"where": {"kind": "CONSUMER"}, "key": ["order.id"]},
                 "window": "PT1H"}""";
        assertThat(call("POST", "/api/v1/correlation-rules", rule).statusCode()).isEqualTo(201);
        assertThat(new WeftClient(queryPort).json("/api/v1/correlation-rules/order-id").get("window").asString())
                .isEqualTo("PT1H");
        assertThat(new WeftClient(queryPort).json("/api/v1/correlation-rules").get("rules")).hasSize(1);

        send(List.of(business(101, SpanKind.PRODUCER, "orders", T0), business(102, SpanKind.CONSUMER, "billing", T0 + 5_000_000_000L)));
        JsonNode journey = awaitJourney(traceId(102), 2);
        assertThat(journey.get("edges").get(0).get("rule").asString()).isEqualTo("order-id");
        assertThat(journey.get("edges").get(0).get("key").asString()).isEqualTo("o-1001");

        assertThat(call("DELETE", "/api/v1/correlation-rules/order-id", null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/api/v1/correlation-rules/order-id", null).statusCode()).isEqualTo(404);
    }

    @Test
    void badRulesAndUnknownJourneysAreClearErrors() throws Exception {
        HttpResponse<String> badWindow = call("POST", "/api/v1/correlation-rules", """
                {"name": "r", "producer": {"key": ["a"]}, "consumer": {"key": ["a"]}, "window": "an hour"}""");
        assertThat(badWindow.statusCode()).isEqualTo(400);
        assertThat(badWindow.body()).contains("window: 'an hour' is not an ISO-8601 duration");
        HttpResponse<String> noKey = call("POST", "/api/v1/correlation-rules", """
                {"name": "r", "producer": {"key": ["a"]}, "consumer": {}}""");
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.body()).contains("consumer.key: must list one or more attribute names");
        assertThat(call("POST", "/api/v1/correlation-rules", "{not json").statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/journeys/" + traceId(999_999), null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/journeys?error=maybe", null).body()).contains("\"parameter\":\"error\"");
    }

    static Span business(long trace, SpanKind kind, String service, long start) {
        Span base = TestTelemetry.span(traceId(trace), spanId(trace), "", service, "OrderCreated", start, 1_000_000);
        return new Span(base.traceId(), base.spanId(), "", "", 1, base.name(), kind, start, start + 1_000_000,
                Attributes.of(Map.of("order.id", AnyValue.of("o-1001"), "messaging.destination.name", AnyValue.of("orders"))),
                0, List.of(), 0, List.of(), 0, Status.UNSET, base.resource(), base.scope());
    }

    static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
