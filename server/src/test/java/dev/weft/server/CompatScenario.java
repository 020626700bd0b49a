package dev.weft.server;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static dev.weft.server.SdkExportEndToEndTest.randomHex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkout as the OpenTelemetry SDK exports it, for the tests of the Jaeger and Zipkin APIs.
 * Trace one: web's {@code GET /checkout} calls billing (a sync edge; billing fails) and publishes
 * an order; trace two: fulfillment consumes it, with a link to the publish span (an async edge
 * the correlator finds). Service names carry a random suffix, so each scenario's services and
 * dependencies are its own in a server that other tests share.
 */
final class CompatScenario {

    static final long MS = 1_000_000L;

    final String suffix = randomHex(6);
    final String web = "web-" + suffix;
    final String billing = "billing-" + suffix;
    final String fulfillment = "fulfillment-" + suffix;
    /** Unix nanoseconds, whole microseconds, recent enough for Zipkin's default lookback of one day. */
    final long start = System.currentTimeMillis() * MS;
    final String checkoutTrace = randomHex(32);
    /** 17 leading zeros: Grafana and Jaeger print this id with 15 digits, an odd length. */
    final String consumerTrace = "0".repeat(17) + randomHex(15);

    final SpanData checkout;
    final SpanData charge;
    final SpanData chargeServer;
    final SpanData publish;
    final SpanData consume;

    CompatScenario() {
        Resource webResource = resource(web).merge(Resource.create(Attributes.builder()
                .put("deployment.environment.name", "test").put("host.cpu.count", 2L).build()));
        checkout = span(context(checkoutTrace, TraceState.builder().put("vendor", "x1").build()), null, webResource,
                "GET /checkout", SpanKind.SERVER, 0, 120, Attributes.builder()
                        .put("http.request.method", "GET").put("http.response.status_code", 200L).put("retry", true)
                        .put("ratio", 0.5).put(AttributeKey.valueKey("payload"), Value.of(new byte[]{1, 2, (byte) 0xff}))
                        .build(),
                List.of(EventData.create(start + MS, "cache.miss", Attributes.of(AttributeKey.stringKey("key"), "o-1"))),
                List.of(), StatusData.unset());
        charge = span(context(checkoutTrace, TraceState.getDefault()), checkout, webResource, "POST /charge",
                SpanKind.CLIENT, 10, 50, Attributes.builder().put("peer.service", billing)
                        .put("server.address", "billing.internal").build(), List.of(), List.of(), StatusData.unset());
        chargeServer = span(context(checkoutTrace, TraceState.getDefault()), charge, resource(billing), "charge",
                SpanKind.SERVER, 15, 40, Attributes.empty(), List.of(), List.of(),
                StatusData.create(StatusCode.ERROR, "card declined"));
        publish = span(context(checkoutTrace, TraceState.getDefault()), checkout, webResource, "orders publish",
                SpanKind.PRODUCER, 70, 5, Attributes.of(AttributeKey.stringKey("messaging.destination.name"), "orders"),
                List.of(), List.of(), StatusData.unset());
        consume = span(context(consumerTrace, TraceState.getDefault()), null, resource(fulfillment), "orders process",
                SpanKind.CONSUMER, 200, 30, Attributes.empty(), List.of(), List.of(LinkData.create(publish.getSpanContext())),
                StatusData.ok());
    }

    /** Sends every span with the SDK's OTLP/HTTP exporter, consumer first as queues deliver them out of order. */
    void export(String endpoint) {
        SpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build();
        try {
            assertThat(exporter.export(List.of(consume, checkout, charge, chargeServer, publish)).join(10, TimeUnit.SECONDS)
                    .isSuccess()).as("export acknowledged").isTrue();
        } finally {
            exporter.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /** Microseconds as Jaeger's {@code startTime} and Zipkin's {@code timestamp} give them. */
    long micros(SpanData span) {
        return span.getStartEpochNanos() / 1_000;
    }

    /** Reads until the answer is {@code done}; the correlator matches async edges every 0.5 s. */
    static JsonNode await(Supplier<JsonNode> read, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonNode answer = read.get();
        while (!done.test(answer) && Instant.now().isBefore(deadline)) {
            JourneyApiTest.sleep();
            answer = read.get();
        }
        assertThat(done.test(answer)).as("awaited answer: %s", answer).isTrue();
        return answer;
    }

    private static Resource resource(String service) {
        return Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service));
    }

    private static SpanContext context(String traceId, TraceState state) {
        return SpanContext.create(traceId, randomHex(16), TraceFlags.getSampled(), state);
    }

    private SpanData span(SpanContext context, SpanData parent, Resource resource, String name, SpanKind kind,
                          long offsetMs, long durationMs, Attributes attributes, List<EventData> events,
                          List<LinkData> links, StatusData status) {
        TestSpanData.Builder span = TestSpanData.builder().setSpanContext(context).setResource(resource)
                .setInstrumentationScopeInfo(InstrumentationScopeInfo.builder("io.weft.compat").setVersion("1.0").build())
                .setName(name).setKind(kind).setStartEpochNanos(start + offsetMs * MS)
                .setEndEpochNanos(start + (offsetMs + durationMs) * MS)
                .setAttributes(attributes).setTotalAttributeCount(attributes.size())
                .setEvents(events).setTotalRecordedEvents(events.size())
                .setLinks(links).setTotalRecordedLinks(links.size())
                .setStatus(status).setHasEnded(true);
        if (parent != null) {
            span.setParentSpanContext(parent.getSpanContext());
        }
        return span.build();
    }
}
