package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An HTTP server on a loopback port that answers like Elasticsearch with canned responses, for the
 * failures a real server will not produce on demand (rejections, an old version). Records the
 * bodies of the requests it got.
 */
final class FakeElasticsearch implements AutoCloseable {

    record Answer(int status, String json) {
    }

    private final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();

    /** Serves on {@code port} (0 for any free one), answering each request body with {@code answer}. */
    FakeElasticsearch(int port, Function<String, Answer> answer) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> respond(exchange, answer));
        server.start();
    }

    private void respond(HttpExchange exchange, Function<String, Answer> answer) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(body);
        Answer a = answer.apply(body);
        byte[] json = a.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
        exchange.sendResponseHeaders(a.status(), json.length);
        exchange.getResponseBody().write(json);
        exchange.close();
    }

    int port() {
        return server.getAddress().getPort();
    }

    ElasticsearchClient client() {
        return client(port());
    }

    static ElasticsearchClient client(int port) {
        return ElasticsearchClient.of(b -> b.host("http://127.0.0.1:" + port));
    }

    /** A port nothing listens on (at least for a moment). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
