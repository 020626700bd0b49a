package dev.weft.testing.elasticsearch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DedicatedElasticsearchTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DedicatedElasticsearch elasticsearch;

    @BeforeAll
    static void start() {
        elasticsearch = DedicatedElasticsearch.start();
    }

    @AfterAll
    static void close() {
        if (elasticsearch != null) {
            elasticsearch.close();
        }
    }

    @Test
    void keepsDocumentsAndUrlAcrossKillAndRestart() throws Exception {
        String url = elasticsearch.url();
        HttpResponse<String> indexed = send(HttpRequest.newBuilder(URI.create(url + "/faults/_doc/1?refresh=true"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"message\":\"survives a crash\"}")));
        assertThat(indexed.statusCode()).isEqualTo(201);

        elasticsearch.kill();
        URI uri = URI.create(url);
        assertThatThrownBy(() -> new Socket(uri.getHost(), uri.getPort()).close()).isInstanceOf(ConnectException.class);

        elasticsearch.restart();
        assertThat(elasticsearch.url()).isEqualTo(url);
        HttpResponse<String> found = send(HttpRequest.newBuilder(URI.create(url + "/faults/_doc/1")));
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("survives a crash");
    }

    @Test
    void pausedServerAnswersOnlyAfterResume() throws Exception {
        HttpRequest.Builder health = HttpRequest.newBuilder(URI.create(elasticsearch.url() + "/_cluster/health"))
                .timeout(Duration.ofSeconds(1));
        elasticsearch.pause();
        try {
            assertThatThrownBy(() -> send(health)).isInstanceOf(HttpTimeoutException.class);
        } finally {
            elasticsearch.resume();
        }
        assertThat(send(health.timeout(Duration.ofSeconds(10))).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
