package dev.weft.server;

import dev.weft.collector.grpc.OtlpGrpcServer;
import dev.weft.server.web.OtlpHttpPort;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenTelemetry Java SDK's own OTLP exporters (gRPC, HTTP/protobuf, gzip) send to a running
 * Weft, and the query API returns everything they sent, field by field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"weft.collector.grpc-port=0", "weft.collector.http-port=0"})
class SdkExportEndToEndTest {

    static final long START = System.currentTimeMillis() * 1_000_000L;

    @LocalServerPort
    int queryPort;

    @Autowired
    OtlpGrpcServer grpcServer;

    @Autowired
    OtlpHttpPort otlpHttpPort;

    String grpcEndpoint() {
        return "http://localhost:" + grpcServer.port();
    }

    String httpEndpoint(String signal) {
        return "http://localhost:" + otlpHttpPort.localPort() + "/v1/" + signal;
    }

    @Test
    void spansSentOverGrpcComeBackFieldByField() {
        exportAndCompare(() -> OtlpGrpcSpanExporter.builder().setEndpoint(grpcEndpoint()).build());
    }

    @Test
    void spansSentOverGzippedGrpcComeBackFieldByField() {
        exportAndCompare(() -> OtlpGrpcSpanExporter.builder().setEndpoint(grpcEndpoint()).setCompression("gzip").build());
    }

    @Test
    void spansSentOverHttpProtobufComeBackFieldByField() {
        exportAndCompare(() -> OtlpHttpSpanExporter.builder().setEndpoint(httpEndpoint("traces")).build());
    }

    @Test
    void spansSentOverGzippedHttpProtobufComeBackFieldByField() {
        exportAndCompare(() -> OtlpHttpSpanExporter.builder().setEndpoint(httpEndpoint("traces"))
                .setCompression("gzip").build());
    }

    @Test
    void logsSentByTheSdkOverGrpcAndHttpAreFound() {
        for (LogRecordExporter exporter : List.of(
                OtlpGrpcLogRecordExporter.builder().setEndpoint(grpcEndpoint()).build(),
                OtlpHttpLogRecordExporter.builder().setEndpoint(httpEndpoint("logs")).build())) {
            String service = "logs-" + exporter.getClass().getSimpleName();
            SpanContext context = SpanContext.create(randomHex(32), randomHex(16), TraceFlags.getSampled(),
                    TraceState.getDefault());
            try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                    .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build()) {
                Logger logger = provider.get("weft-e2e");
                logger.logRecordBuilder().setTimestamp(START, TimeUnit.NANOSECONDS).setSeverity(Severity.ERROR)
                        .setSeverityText("ERROR").setBody("payment declined")
                        .setAttribute(AttributeKey.longKey("order.amount"), 4200L)
                        .setContext(io.opentelemetry.context.Context.root().with(
                                io.opentelemetry.api.trace.Span.wrap(context)))
                        .emit();
                assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            }

            JsonNode logs = client().json("/api/v1/logs?service=" + service).get("logs");
            assertThat(logs).hasSize(1);
            JsonNode log = logs.get(0);
            assertThat(log.get("body").asString()).isEqualTo("payment declined");
            assertThat(log.get("severityNumber").asInt()).isEqualTo(Severity.ERROR.getSeverityNumber());
            assertThat(log.get("severityText").asString()).isEqualTo("ERROR");
            assertThat(log.get("timeUnixNano").asString()).isEqualTo(Long.toString(START));
            assertThat(log.get("traceId").asString()).isEqualTo(context.getTraceId());
            assertThat(log.get("spanId").asString()).isEqualTo(context.getSpanId());
            assertThat(log.get("attributes").get("order.amount").asLong()).isEqualTo(4200L);
            assertThat(log.get("resource").get("service.name").asString()).isEqualTo(service);
            assertThat(client().json("/api/v1/logs?traceId=" + context.getTraceId()).get("logs")).hasSize(1);
        }
    }

    @Test
    void metricsRecordedWithTheSdkAreFound() {
        String service = "metrics-e2e";
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .registerMetricReader(PeriodicMetricReader.builder(
                        OtlpGrpcMetricExporter.builder().setEndpoint(grpcEndpoint()).build())
                        .setInterval(Duration.ofHours(1)).build())
                .build();
        Meter meter = provider.get("weft-e2e");
        meter.counterBuilder("orders.placed").build().add(3, Attributes.of(AttributeKey.stringKey("region"), "eu"));
        meter.histogramBuilder("order.value").setUnit("EUR").build().record(12.5);
        meter.histogramBuilder("order.value").setUnit("EUR").build().record(30);
        meter.gaugeBuilder("queue.depth").ofLongs().buildWithCallback(m -> m.record(17));
        // Shutdown exports once more, as a last collection: exactly one export of each metric.
        assertThat(provider.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

        JsonNode counter = client().json("/api/v1/metrics?name=orders.placed&service=" + service).get("points");
        assertThat(counter).hasSize(1);
        assertThat(counter.get(0).get("type").asString()).isEqualTo("SUM");
        assertThat(counter.get(0).get("monotonic").asBoolean()).isTrue();
        assertThat(counter.get(0).get("value").asLong()).isEqualTo(3);
        assertThat(counter.get(0).get("attributes").get("region").asString()).isEqualTo("eu");

        JsonNode histogram = client().json("/api/v1/metrics?name=order.value").get("points").get(0);
        assertThat(histogram.get("type").asString()).isEqualTo("HISTOGRAM");
        assertThat(histogram.get("unit").asString()).isEqualTo("EUR");
        assertThat(histogram.get("count").asLong()).isEqualTo(2);
        assertThat(histogram.get("sum").asDouble()).isEqualTo(42.5);
        assertThat(histogram.get("min").asDouble()).isEqualTo(12.5);
        assertThat(histogram.get("max").asDouble()).isEqualTo(30.0);

        JsonNode gauge = client().json("/api/v1/metrics?name=queue.depth").get("points").get(0);
        assertThat(gauge.get("type").asString()).isEqualTo("GAUGE");
        assertThat(gauge.get("value").asLong()).isEqualTo(17);
    }

    private void exportAndCompare(Supplier<SpanExporter> exporterFactory) {
        String traceId = randomHex(32);
        SpanData root = rootSpan(traceId);
        SpanData child = childSpan(traceId, root);
        SpanExporter exporter = exporterFactory.get();
        try {
            CompletableResultCode result = exporter.export(List.of(root, child)).join(10, TimeUnit.SECONDS);
            assertThat(result.isSuccess()).as("export acknowledged").isTrue();
        } finally {
            exporter.shutdown().join(10, TimeUnit.SECONDS);
        }

        JsonNode trace = client().json("/api/v1/traces/" + traceId);
        assertThat(trace.get("traceId").asString()).isEqualTo(traceId);
        JsonNode spans = trace.get("spans");
        assertThat(spans).hasSize(2);
        SpanAssertions.assertSameSpan(spans.get(0), root);
        SpanAssertions.assertSameSpan(spans.get(1), child);
    }

    static SpanData rootSpan(String traceId) {
        Attributes attributes = Attributes.builder()
                .put("http.request.method", "POST")
                .put("http.response.status_code", 500L)
                .put("big.int", Long.MAX_VALUE)
                .put("ratio", 0.75)
                .put("retry", true)
                .put(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
                .put(AttributeKey.longArrayKey("codes"), List.of(1L, 2L))
                .put(AttributeKey.doubleArrayKey("weights"), List.of(0.5, 1.5))
                .put(AttributeKey.booleanArrayKey("flags"), List.of(true, false))
                .put(AttributeKey.valueKey("payload"), Value.of(new byte[]{1, 2, (byte) 0xff}))
                .build();
        return TestSpanData.builder()
                .setSpanContext(SpanContext.create(traceId, randomHex(16), TraceFlags.getSampled(),
                        TraceState.builder().put("vendor", "x1").build()))
                .setResource(Resource.create(Attributes.builder().put("service.name", "checkout")
                        .put("deployment.environment.name", "test").put("host.cpu.count", 2L).build()))
                .setInstrumentationScopeInfo(InstrumentationScopeInfo.builder("io.weft.e2e").setVersion("1.2.3")
                        .setAttributes(Attributes.of(AttributeKey.stringKey("scope.attr"), "yes")).build())
                .setName("POST /orders")
                .setKind(SpanKind.SERVER)
                .setStartEpochNanos(START)
                .setEndEpochNanos(START + 25_000_000L)
                .setAttributes(attributes)
                .setTotalAttributeCount(attributes.size() + 2)
                .setEvents(List.of(EventData.create(START + 1_000_000L, "exception", Attributes.builder()
                        .put("exception.type", "java.lang.IllegalStateException")
                        .put("exception.message", "no stock").build())))
                .setTotalRecordedEvents(3)
                .setLinks(List.of(LinkData.create(SpanContext.create(randomHex(32), randomHex(16),
                        TraceFlags.getSampled(), TraceState.getDefault()),
                        Attributes.of(AttributeKey.stringKey("messaging.message.id"), "m-1"))))
                .setTotalRecordedLinks(1)
                .setStatus(StatusData.create(StatusCode.ERROR, "out of stock"))
                .setHasEnded(true)
                .build();
    }

    static SpanData childSpan(String traceId, SpanData parent) {
        return TestSpanData.builder()
                .setSpanContext(SpanContext.create(traceId, randomHex(16), TraceFlags.getDefault(), TraceState.getDefault()))
                .setParentSpanContext(parent.getSpanContext())
                .setResource(parent.getResource())
                .setInstrumentationScopeInfo(parent.getInstrumentationScopeInfo())
                .setName("SELECT stock")
                .setKind(SpanKind.CLIENT)
                .setStartEpochNanos(START + 2_000_000L)
                .setEndEpochNanos(START + 7_000_000L)
                .setAttributes(Attributes.of(AttributeKey.stringKey("db.system.name"), "postgresql"))
                .setTotalAttributeCount(1)
                .setStatus(StatusData.ok())
                .setHasEnded(true)
                .build();
    }

    static String randomHex(int digits) {
        StringBuilder hex = new StringBuilder(digits);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (hex.length() < digits) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        hex.setCharAt(0, '1');
        return hex.toString();
    }

    WeftClient client() {
        return new WeftClient(queryPort);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
