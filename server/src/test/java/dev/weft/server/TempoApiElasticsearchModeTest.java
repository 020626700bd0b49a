package dev.weft.server;

import dev.weft.server.web.OtlpHttpPort;
import dev.weft.testing.elasticsearch.ElasticsearchTestServer;
import dev.weft.testing.postgres.PostgresDatabase;
import dev.weft.testing.postgres.PostgresTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.UUID;

/**
 * Grafana's Tempo requests against Weft in elasticsearch mode: TraceQL translated for a real
 * Elasticsearch, tag names and values from its aggregations, journeys from the PostgreSQL ledger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TempoApiElasticsearchModeTest extends TempoApiEndToEndTest {

    private final PostgresDatabase database = PostgresTestServer.createDatabase();
    private ConfigurableApplicationContext weft;

    @BeforeAll
    void startWeft() {
        weft = new SpringApplicationBuilder(WeftApplication.class).run(
                "--weft.storage.type=elasticsearch",
                "--spring.elasticsearch.uris=" + ElasticsearchTestServer.url(),
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--weft.storage.elasticsearch.index-prefix=tempo-" + UUID.randomUUID().toString().substring(0, 8) + "-",
                "--weft.storage.elasticsearch.refresh-interval=1s",
                "--server.port=0", "--weft.collector.grpc-port=0", "--weft.collector.http-port=0");
    }

    @AfterAll
    void stopWeft() {
        weft.close();
    }

    @Override
    int port() {
        return ((WebServerApplicationContext) weft).getWebServer().getPort();
    }

    @Override
    int otlpHttpPort() {
        return weft.getBean(OtlpHttpPort.class).localPort();
    }
}
