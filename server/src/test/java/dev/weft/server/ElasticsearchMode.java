package dev.weft.server;

import dev.weft.testing.elasticsearch.ElasticsearchTestServer;
import dev.weft.testing.postgres.PostgresDatabase;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The command line of a Weft in elasticsearch mode for tests: real servers, free ports, its own indices and log. */
final class ElasticsearchMode {

    private ElasticsearchMode() {
    }

    /** A fresh index prefix, so that tests sharing an Elasticsearch never see each other's data. */
    static String indexPrefix(String test) {
        return test + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    static String[] args(String elasticsearchUrl, PostgresDatabase database, String indexPrefix, Path walDir,
                         String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--weft.storage.type=elasticsearch",
                "--spring.elasticsearch.uris=" + elasticsearchUrl,
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--weft.storage.elasticsearch.index-prefix=" + indexPrefix,
                "--weft.storage.elasticsearch.refresh-interval=1s",
                "--weft.collector.wal.dir=" + walDir));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Against the Elasticsearch all tests share, on ports the OS picks. */
    static String[] args(PostgresDatabase database, String indexPrefix, Path walDir) {
        return args(ElasticsearchTestServer.url(), database, indexPrefix, walDir, ANY_PORTS);
    }

    static final String[] ANY_PORTS = {"--server.port=0", "--weft.collector.grpc-port=0", "--weft.collector.http-port=0"};
}
