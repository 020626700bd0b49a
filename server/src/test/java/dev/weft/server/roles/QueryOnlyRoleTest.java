package dev.weft.server.roles;

import dev.weft.collector.CollectorConfiguration;
import dev.weft.collector.grpc.OtlpGrpcServer;
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

/** {@code WEFT_ROLES=query-api}: the query API without receivers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "weft.roles=query-api")
class QueryOnlyRoleTest {

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void runsTheQueryApiAlone() throws Exception {
        assertThat(context.getBeansOfType(OtlpGrpcServer.class)).isEmpty();
        assertThat(context.getBeansOfType(CollectorConfiguration.class)).isEmpty();
        HttpResponse<String> services = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/services")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(services.statusCode()).isEqualTo(200);
        assertThat(services.body()).contains("\"services\"");
    }
}
