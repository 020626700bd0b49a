package dev.weft.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import dev.weft.collector.grpc.OtlpGrpcServer;
import dev.weft.server.web.OtlpHttpPort;
import dev.weft.testing.elasticsearch.DedicatedElasticsearch;
import dev.weft.testing.postgres.DedicatedPostgres;
import dev.weft.testing.postgres.PostgresDatabase;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults while the OpenTelemetry SDK sends spans, against real servers of this test's own: Elasticsearch
 * killed with SIGKILL and restarted, PostgreSQL stopped and started, Weft itself killed with SIGKILL,
 * and the write-ahead log filled while Elasticsearch hangs. Each time, every span whose export the SDK
 * saw acknowledged must end up stored, once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestFaultTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private DedicatedElasticsearch elasticsearch;
    private DedicatedPostgres postgres;
    private PostgresDatabase database;

    @TempDir
    Path dir;

    @BeforeAll
    void startServers() {
        elasticsearch = DedicatedElasticsearch.start();
        postgres = DedicatedPostgres.start();
        database = new PostgresDatabase("postgres", postgres.jdbcUrl(), postgres.username(), "");
    }

    @AfterAll
    void stopServers() {
        if (elasticsearch != null) {
            elasticsearch.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void elasticsearchKilledAndRestartedDuringIngest() throws Exception {
        outageDuringIngest("es-kill", elasticsearch::kill, elasticsearch::restart);
    }

    @Test
    void postgresStoppedAndStartedDuringIngest() throws Exception {
        outageDuringIngest("pg-stop", postgres::stop, postgres::startAgain);
    }

    /** Sustained ingest, storage goes away (the log takes what comes meanwhile), storage returns. */
    private void outageDuringIngest(String name, Runnable down, Runnable up) throws Exception {
        String prefix = ElasticsearchMode.indexPrefix(name);
        try (ConfigurableApplicationContext weft = startWeft(prefix, name);
             Load load = new Load(grpcEndpoint(weft))) {
            load.await(200);
            down.run();
            load.await(load.acknowledged() + 200);
            up.run();
            load.await(load.acknowledged() + 200);
            load.stop();
            assertStoredOnce(prefix, load);
        }
    }

    @Test
    void weftKilledMidIngestStoresEverythingAcknowledgedAfterItsRestart() throws Exception {
        String prefix = ElasticsearchMode.indexPrefix("weft-kill");
        // A large log and a hung Elasticsearch keep acknowledged spans in the log, unstored, when the kill comes.
        try (WeftProcess weft = new WeftProcess(dir.resolve("weft-kill.log"), ElasticsearchMode.args(
                elasticsearch.url(), database, prefix, dir.resolve("weft-kill-wal"))).start();
             Load load = new Load(weft.grpcEndpoint())) {
            load.await(200);
            elasticsearch.pause();
            load.await(load.acknowledged() + 300);
            weft.kill(); // exports fail while Weft is down: the SDK saw them refused, not acknowledged
            elasticsearch.resume();
            Thread.sleep(1000);
            weft.start(); // the restarted Weft replays its log
            load.await(load.acknowledged() + 200);
            load.stop();
            assertStoredOnce(prefix, load);
        } finally {
            elasticsearch.resume();
        }
    }

    @Test
    void aFullLogAnswersRetryLaterAndTheSdkRetriesLandOnceStorageReturns() throws Exception {
        String prefix = ElasticsearchMode.indexPrefix("wal-full");
        try (ConfigurableApplicationContext weft = startWeft(prefix, "wal-full",
                "--weft.collector.wal.segment-bytes=64KB", "--weft.collector.wal.max-bytes=256KB")) {
            elasticsearch.pause();
            ManagedChannel channel = Grpc.newChannelBuilder(grpcEndpoint(weft).substring("http://".length()),
                    InsecureChannelCredentials.create()).build();
            Set<String> acknowledged = new HashSet<>();
            StatusRuntimeException refused = null;
            try {
                var stub = TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
                for (int i = 0; i < 1000 && refused == null; i++) {
                    ExportTraceServiceRequest request = request(20);
                    try {
                        stub.export(request);
                        acknowledged.addAll(ids(request));
                    } catch (StatusRuntimeException e) {
                        refused = e;
                    }
                }
            } finally {
                channel.shutdownNow();
            }
            assertThat(refused).isNotNull();
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(retryDelay(refused)).isPositive();
            HttpResponse<String> httpRefusal = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                            + weft.getBean(OtlpHttpPort.class).localPort() + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request(20).toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(httpRefusal.statusCode()).isEqualTo(503);
            assertThat(httpRefusal.headers().firstValue("Retry-After")).hasValue("1");
            HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + port(weft) + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.body()).contains("\"walFull\":true");

            // The SDK's exporter, refused too, retries; storage returns meanwhile, and its retries land.
            OtlpGrpcSpanExporter exporter = exporter(grpcEndpoint(weft));
            List<SpanData> spans = spans(50);
            CompletableResultCode export = exporter.export(spans);
            Thread.sleep(1500);
            elasticsearch.resume();
            assertThat(export.join(60, TimeUnit.SECONDS).isSuccess()).isTrue();
            exporter.shutdown().join(10, TimeUnit.SECONDS);
            spans.forEach(s -> acknowledged.add(s.getTraceId() + s.getSpanId()));

            awaitStored(prefix, acknowledged);
            assertThat(storedIds(prefix)).containsExactlyInAnyOrderElementsOf(acknowledged);
        } finally {
            elasticsearch.resume();
        }
    }

    private ConfigurableApplicationContext startWeft(String prefix, String name, String... more) {
        List<String> args = new ArrayList<>(List.of(ElasticsearchMode.args(elasticsearch.url(), database, prefix,
                dir.resolve(name + "-wal"), ElasticsearchMode.ANY_PORTS)));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(WeftApplication.class).run(args.toArray(String[]::new));
    }

    private static String grpcEndpoint(ConfigurableApplicationContext weft) {
        return "http://localhost:" + weft.getBean(OtlpGrpcServer.class).port();
    }

    private static int port(ConfigurableApplicationContext weft) {
        return ((org.springframework.boot.web.server.context.WebServerApplicationContext) weft).getWebServer().getPort();
    }

    /** Every acknowledged span is in Elasticsearch, no document twice, and no correlation key twice in the ledger. */
    private void assertStoredOnce(String prefix, Load load) throws Exception {
        Set<String> acknowledged = load.acknowledgedIds();
        awaitStored(prefix, acknowledged);
        List<String> stored = storedIds(prefix);
        assertThat(stored).doesNotHaveDuplicates().containsAll(acknowledged);
        assertThat(load.sentIds()).containsAll(stored); // nothing but what was sent
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
             ResultSet keys = c.createStatement().executeQuery("""
                     SELECT count(*), count(DISTINCT (rule, key, side, trace_id, span_id)), count(DISTINCT span_id)
                     FROM correlation_keys""")) {
            keys.next();
            assertThat(keys.getLong(1)).as("ledger keys recorded once").isEqualTo(keys.getLong(2));
            assertThat(keys.getLong(3)).as("a key for every stored producer span").isGreaterThanOrEqualTo(acknowledged.size());
        }
    }

    private void awaitStored(String prefix, Set<String> ids) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            Set<String> missing = new HashSet<>(ids);
            missing.removeAll(storedIds(prefix));
            if (missing.isEmpty()) {
                return;
            }
            assertThat(Instant.now()).as("all %d acknowledged spans stored in time; %d missing", ids.size(), missing.size())
                    .isBefore(deadline);
            Thread.sleep(500);
        }
    }

    /** The ids (trace id + span id) of the span documents under the prefix. */
    private List<String> storedIds(String prefix) throws IOException, InterruptedException {
        String spans = elasticsearch.url() + "/" + prefix + "spans-*";
        http.send(HttpRequest.newBuilder(URI.create(spans + "/_refresh?allow_no_indices=true"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        List<String> ids = new ArrayList<>();
        String after = "";
        while (true) { // pages in (traceId, spanId) order: a search returns at most 10,000 hits
            String body = """
                    {"size": 5000, "_source": false, "sort": [{"traceId": "asc"}, {"spanId": "asc"}] %s}"""
                    .formatted(after);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(spans
                            + "/_search?allow_no_indices=true")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode hits = JSON.readTree(response.body()).path("hits").path("hits");
            if (hits.isEmpty()) {
                return ids;
            }
            for (JsonNode hit : hits) {
                ids.add(hit.get("_id").asString());
            }
            after = ", \"search_after\": " + hits.get(hits.size() - 1).get("sort");
        }
    }

    private static OtlpGrpcSpanExporter exporter(String endpoint) {
        return OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).setTimeout(Duration.ofSeconds(20))
                .setRetryPolicy(RetryPolicy.builder().setMaxAttempts(5).setInitialBackoff(Duration.ofMillis(500))
                        .setMaxBackoff(Duration.ofSeconds(5)).setBackoffMultiplier(2).build())
                .build();
    }

    /** Producer spans, each with its own message id, so that each records a correlation key. */
    private static List<SpanData> spans(int n) {
        String trace = hex(16);
        long start = System.currentTimeMillis() * 1_000_000;
        List<SpanData> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            spans.add(TestSpanData.builder()
                    .setSpanContext(SpanContext.create(trace, hex(8), TraceFlags.getSampled(), TraceState.getDefault()))
                    .setResource(io.opentelemetry.sdk.resources.Resource.create(
                            Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "orders")))
                    .setName("orders publish").setKind(SpanKind.PRODUCER)
                    .setStartEpochNanos(start).setEndEpochNanos(start + 1_000_000)
                    .setAttributes(Attributes.builder().put("messaging.system", "kafka")
                            .put("messaging.destination.name", "orders").put("messaging.message.id", hex(12)).build())
                    .setStatus(StatusData.unset()).setHasEnded(true).build());
        }
        return spans;
    }

    /** The same spans as raw OTLP, for the assertions on the exact status a refused call gets. */
    private static ExportTraceServiceRequest request(int n) {
        String trace = hex(16);
        long start = System.currentTimeMillis() * 1_000_000;
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < n; i++) {
            scope.addSpans(io.opentelemetry.proto.trace.v1.Span.newBuilder()
                    .setTraceId(bytes(trace)).setSpanId(bytes(hex(8))).setName("orders publish")
                    .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER)
                    .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 1_000_000)
                    .addAttributes(KeyValue.newBuilder().setKey("messaging.message.id")
                            .setValue(AnyValue.newBuilder().setStringValue(hex(12)))));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("orders"))))
                .addScopeSpans(scope)).build();
    }

    private static List<String> ids(ExportTraceServiceRequest request) {
        return request.getResourceSpans(0).getScopeSpans(0).getSpansList().stream()
                .map(s -> HexFormat.of().formatHex(s.getTraceId().toByteArray())
                        + HexFormat.of().formatHex(s.getSpanId().toByteArray())).toList();
    }

    private static com.google.protobuf.ByteString bytes(String hex) {
        return com.google.protobuf.ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Duration retryDelay(StatusRuntimeException e) throws InvalidProtocolBufferException {
        com.google.protobuf.Duration d = StatusProto.fromThrowable(e).getDetails(0).unpack(RetryInfo.class).getRetryDelay();
        return Duration.ofSeconds(d.getSeconds(), d.getNanos());
    }

    /**
     * Sustained ingest through the SDK's gRPC exporter (its default retry policy, 5 attempts): batches
     * of 20 producer spans back to back, remembering which the exporter saw acknowledged.
     */
    private static final class Load implements AutoCloseable {

        private final OtlpGrpcSpanExporter exporter;
        private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        private final Set<String> sent = ConcurrentHashMap.newKeySet();
        private final AtomicInteger failedCalls = new AtomicInteger();
        private final Thread thread;
        private volatile boolean stopping;

        Load(String endpoint) {
            exporter = exporter(endpoint);
            thread = Thread.ofPlatform().name("fault-test-load").start(this::run);
        }

        private void run() {
            while (!stopping) {
                List<SpanData> batch = spans(20);
                List<String> ids = batch.stream().map(s -> s.getTraceId() + s.getSpanId()).toList();
                sent.addAll(ids);
                if (exporter.export(batch).join(60, TimeUnit.SECONDS).isSuccess()) {
                    acknowledged.addAll(ids);
                } else {
                    failedCalls.incrementAndGet();
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        int acknowledged() {
            return acknowledged.size();
        }

        /** Waits until at least {@code count} spans were acknowledged. */
        void await(int count) throws InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            while (acknowledged.size() < count) {
                assertThat(Instant.now()).as("%d spans acknowledged in time (have %d)", count, acknowledged.size())
                        .isBefore(deadline);
                Thread.sleep(100);
            }
        }

        void stop() throws InterruptedException {
            stopping = true;
            thread.join(Duration.ofSeconds(90));
        }

        Set<String> acknowledgedIds() {
            return Set.copyOf(acknowledged);
        }

        Set<String> sentIds() {
            return Set.copyOf(sent);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            exporter.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
