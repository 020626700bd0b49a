package dev.weft.server;

import dev.weft.collector.grpc.OtlpGrpcServer;
import dev.weft.testing.postgres.PostgresDatabase;
import dev.weft.testing.postgres.PostgresTestServer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenTelemetry SDK -> Weft in elasticsearch mode (real Elasticsearch and PostgreSQL) -> query
 * API, and the data is still there after Weft restarts.
 */
class ElasticsearchModeEndToEndTest {

    private final PostgresDatabase database = PostgresTestServer.createDatabase();
    private final String indexPrefix = ElasticsearchMode.indexPrefix("e2e");
    @TempDir
    Path walDir;

    ConfigurableApplicationContext startWeft() {
        return new SpringApplicationBuilder(WeftApplication.class).run(ElasticsearchMode.args(database, indexPrefix, walDir));
    }

    @Test
    void spansSentByTheSdkAreStoredInElasticsearchAndSurviveARestart() {
        String traceId = SdkExportEndToEndTest.randomHex(32);
        SpanData root = SdkExportEndToEndTest.rootSpan(traceId);
        SpanData child = SdkExportEndToEndTest.childSpan(traceId, root);

        try (ConfigurableApplicationContext weft = startWeft()) {
            OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
                    .setEndpoint("http://localhost:" + weft.getBean(OtlpGrpcServer.class).port()).build();
            assertThat(exporter.export(List.of(root, child)).join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
            exporter.shutdown().join(10, TimeUnit.SECONDS);

            JsonNode spans = awaitTrace(client(weft), traceId);
            SpanAssertions.assertSameSpan(spans.get(0), root);
            SpanAssertions.assertSameSpan(spans.get(1), child);
            assertThat(client(weft).json("/api/v1/services").get("services").toString()).contains("checkout");
        }

        try (ConfigurableApplicationContext restarted = startWeft()) {
            JsonNode spans = awaitTrace(client(restarted), traceId);
            SpanAssertions.assertSameSpan(spans.get(0), root);
            SpanAssertions.assertSameSpan(spans.get(1), child);
            JsonNode search = client(restarted).json("/api/v1/search?service=checkout&status=ERROR");
            assertThat(search.get("traces").get(0).get("traceId").asString()).isEqualTo(traceId);
        }
    }

    private static WeftClient client(ConfigurableApplicationContext context) {
        return new WeftClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** Polls until the trace is searchable: Elasticsearch shows writes after its refresh interval. */
    private static JsonNode awaitTrace(WeftClient client, String traceId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            var response = client.get("/api/v1/traces/" + traceId);
            if (response.statusCode() == 200) {
                JsonNode spans = client.json("/api/v1/traces/" + traceId).get("spans");
                if (spans.size() == 2) {
                    return spans;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("trace " + traceId + " not found in time: " + response.statusCode() + " " + response.body());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
