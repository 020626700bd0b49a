package dev.weft.server;

import dev.weft.server.web.OtlpHttpPort;
import dev.weft.testing.postgres.PostgresDatabase;
import dev.weft.testing.postgres.PostgresTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;

/**
 * Grafana's Tempo requests against Weft in elasticsearch mode: TraceQL translated for a real
 * Elasticsearch, tag names and values from its aggregations, journeys from the PostgreSQL ledger.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TempoApiElasticsearchModeTest extends TempoApiEndToEndTest {

    private final PostgresDatabase database = PostgresTestServer.createDatabase();
    private ConfigurableApplicationContext weft;
    @TempDir
    Path walDir;

    @BeforeAll
    void startWeft() {
        weft = new SpringApplicationBuilder(WeftApplication.class).run(
                ElasticsearchMode.args(database, ElasticsearchMode.indexPrefix("tempo"), walDir));
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
