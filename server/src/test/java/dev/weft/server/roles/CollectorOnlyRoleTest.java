package dev.weft.server.roles;

import dev.weft.collector.grpc.OtlpGrpcServer;
import dev.weft.query.QueryConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code WEFT_ROLES=collector}: OTLP in, no query API, health still answers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"weft.roles=collector", "weft.collector.grpc-port=0", "weft.collector.http-port=0"})
class CollectorOnlyRoleTest {

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void runsTheCollectorAlone() throws Exception {
        assertThat(context.getBeansOfType(OtlpGrpcServer.class)).hasSize(1);
        assertThat(context.getBeansOfType(QueryConfiguration.class)).isEmpty();
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/services")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
