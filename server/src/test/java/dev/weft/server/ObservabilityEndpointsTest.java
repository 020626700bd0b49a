package dev.weft.server;

import dev.weft.server.web.OtlpHttpPort;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Weft's own health and metrics, as Kubernetes probes and Prometheus read them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"weft.collector.grpc-port=0", "weft.collector.http-port=0"})
class ObservabilityEndpointsTest {

    @LocalServerPort
    int port;

    @Autowired
    OtlpHttpPort otlpHttpPort;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void livenessAndReadinessProbesAnswerAndReadinessIncludesIngest() throws Exception {
        HttpResponse<String> liveness = get("/actuator/health/liveness");
        HttpResponse<String> readiness = get("/actuator/health/readiness");

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"status\":\"UP\"");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"ingest\"").contains("\"storage\":\"available\"");
    }

    @Test
    void prometheusShowsAcceptedAndRejectedItemsStorageWritesAndCorrelationLag() throws Exception {
        HttpResponse<String> export = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + otlpHttpPort.localPort() + "/v1/traces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(OtlpJsonAndPortsTest.BODY)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).isEqualTo(200);

        HttpResponse<String> metrics = get("/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("weft_ingest_items_total\\{outcome=\"accepted\",signal=\"traces\"} [1-9]")
                .containsPattern("weft_ingest_items_total\\{outcome=\"rejected\",signal=\"traces\"} [1-9]")
                .containsPattern("weft_storage_writes_seconds_count\\{outcome=\"success\",signal=\"traces\"} [1-9]")
                .contains("weft_correlation_lag_seconds");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
