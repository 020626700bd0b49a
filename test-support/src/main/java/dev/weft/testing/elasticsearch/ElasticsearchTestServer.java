package dev.weft.testing.elasticsearch;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real Elasticsearch 9 for tests, started once per JVM on first use and stopped when the JVM
 * exits. The same test classes run against it with or without Docker, so no test is ever skipped
 * for lack of a server:
 * <ol>
 *   <li>the system property or environment variable {@value #URL_VARIABLE}, if set, names a running
 *       server to use as it is (nothing is started or stopped);</li>
 *   <li>else, when a Docker engine answers, a Testcontainers {@link ElasticsearchContainer} of
 *       {@code docker.elastic.co/elasticsearch/elasticsearch} with security off;</li>
 *   <li>else the minimal distribution from Maven Central
 *       ({@code org.elasticsearch.distribution.integ-test-zip:elasticsearch:zip}), unpacked under
 *       {@code target/} and started as a child process, as a {@link DedicatedElasticsearch} that lives
 *       until the JVM exits.</li>
 * </ol>
 * If none of these works the first call throws, saying why and what to do, and so does every
 * later call without trying again.
 *
 * <p>How the zip reaches the tests: this module depends on the zip ({@code <type>zip</type>}, version
 * {@code ${elasticsearch-server.version}} of the root pom), so Maven resolves it for every module that
 * depends on {@code weft-test-support}; {@code dependency:properties} turns its resolved path into a
 * build property that resource filtering writes into {@code distribution.properties} next to this
 * class. A module that wants the server therefore needs nothing but the usual test dependency:
 * <pre>{@code
 * <dependency><groupId>dev.weft</groupId><artifactId>weft-test-support</artifactId><scope>test</scope></dependency>
 * }</pre>
 * The image tag used with Docker is the same version.
 */
public final class ElasticsearchTestServer {

    /** Names an already running server, e.g. {@code http://localhost:9200}. */
    public static final String URL_VARIABLE = "WEFT_TEST_ELASTICSEARCH_URL";

    private static String url;
    private static RuntimeException failure;

    private ElasticsearchTestServer() {
    }

    /** The base URL of the server, without a trailing slash; starts it on the first call. */
    public static synchronized String url() {
        if (failure != null) {
            throw failure;
        }
        if (url == null) {
            try {
                url = start();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return url;
    }

    private static String start() {
        String configured = System.getProperty(URL_VARIABLE, System.getenv(URL_VARIABLE));
        if (configured != null && !configured.isBlank()) {
            return configured.strip().replaceAll("/+$", "");
        }
        String setUrl = " or set " + URL_VARIABLE + " to a running Elasticsearch 9";
        Properties distribution = distribution("," + setUrl);
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return startContainer(distribution.getProperty("version"));
        }
        return DedicatedElasticsearch.start(Path.of(distribution.getProperty("zip")), Path.of("target"),
                ", start Docker," + setUrl).url();
    }

    private static String startContainer(String version) {
        ElasticsearchContainer container = new ElasticsearchContainer(
                DockerImageName.parse("docker.elastic.co/elasticsearch/elasticsearch").withTag(version))
                .withEnv("xpack.security.enabled", "false")
                .withEnv("discovery.type", "single-node")
                .withEnv("ES_JAVA_OPTS", DedicatedElasticsearch.HEAP)
                .withCertPath(""); // security is off: there is no CA certificate to copy out
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "elasticsearch-container-stop"));
        return "http://" + container.getHttpHostAddress();
    }

    /**
     * The version and the path of the zip that this module was built with; {@code otherwise} ends the
     * message when the build did not record them, with what else the caller could do.
     */
    static Properties distribution(String otherwise) {
        try (InputStream in = ElasticsearchTestServer.class.getResourceAsStream("distribution.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            if (properties.getProperty("zip", "@").contains("@")) {
                throw new IllegalStateException("weft-test-support was built without resource filtering, so it does "
                        + "not know where the Elasticsearch distribution is: rebuild it with Maven" + otherwise);
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
