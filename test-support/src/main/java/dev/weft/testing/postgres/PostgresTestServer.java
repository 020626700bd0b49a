package dev.weft.testing.postgres;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL for tests, found once per JVM, so the same test classes run on a laptop, in
 * CI without Docker and with Docker, and none is ever skipped:
 * <ol>
 *   <li>the system property or environment variable {@value #URL_VARIABLE} (with
 *       {@value #USER_VARIABLE}, default {@code postgres}, and {@value #PASSWORD_VARIABLE}), if set;</li>
 *   <li>else the machine's own server at {@code 127.0.0.1:5432} as user {@code postgres}, if it
 *       accepts the connection without a password (trust authentication, as set up here);</li>
 *   <li>else, when a Docker engine answers, a Testcontainers {@link PostgreSQLContainer};</li>
 *   <li>else the first call throws, saying what each attempt answered and what to do, and so
 *       does every later call without trying again.</li>
 * </ol>
 * Tests never share a database: {@link #createDatabase()} makes a new one each time (the user
 * needs the CREATEDB privilege), and the databases are dropped when the JVM exits.
 */
public final class PostgresTestServer {

    public static final String URL_VARIABLE = "WEFT_TEST_POSTGRES_URL";
    public static final String USER_VARIABLE = "WEFT_TEST_POSTGRES_USER";
    public static final String PASSWORD_VARIABLE = "WEFT_TEST_POSTGRES_PASSWORD";

    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=5";
    private static final Pattern JDBC_URL = Pattern.compile("(jdbc:postgresql://[^/?]+)(?:/([^?]*))?(\\?.*)?");

    /** A server and an account on it that may create databases. */
    private record Server(String adminUrl, String username, String password) {
    }

    private static Server server;
    private static RuntimeException failure;
    private static final List<String> created = new ArrayList<>();

    private PostgresTestServer() {
    }

    /** A new, empty database on the test server; finds the server on the first call. */
    public static synchronized PostgresDatabase createDatabase() {
        Server found = server();
        String name = "weft_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection connection = DriverManager.getConnection(found.adminUrl(), found.username(), found.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database on " + found.adminUrl() + " as "
                    + found.username() + " (the user needs CREATEDB): " + e.getMessage(), e);
        }
        if (created.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropAll(found), "drop-test-databases"));
        }
        created.add(name);
        return new PostgresDatabase(name, withDatabase(found.adminUrl(), name), found.username(), found.password());
    }

    private static Server server() {
        if (failure != null) {
            throw failure;
        }
        if (server == null) {
            try {
                server = find();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return server;
    }

    private static Server find() {
        String configured = setting(URL_VARIABLE, "");
        if (!configured.isBlank()) {
            Server given = new Server(configured.strip(), setting(USER_VARIABLE, "postgres"), setting(PASSWORD_VARIABLE, ""));
            String problem = connectionProblem(given);
            if (problem != null) {
                throw new IllegalStateException(URL_VARIABLE + "=" + given.adminUrl() + " does not accept a connection as "
                        + given.username() + ": " + problem);
            }
            return given;
        }
        Server local = new Server(LOCAL_URL, "postgres", "");
        String localProblem = connectionProblem(local);
        if (localProblem == null) {
            return local;
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        throw new IllegalStateException("""
                No PostgreSQL for the tests. %s is not set; the machine's server at 127.0.0.1:5432 answered: %s; \
                no Docker engine answers for Testcontainers. Do one of:
                  - start the machine's PostgreSQL: pg_ctlcluster --skip-systemctl-redirect <version> main start \
                (install it with `apt-get install postgresql`; the tests connect as postgres without a password, \
                so allow trust authentication for 127.0.0.1 in pg_hba.conf);
                  - start Docker;
                  - set %s (and %s, %s) to a server where that user may create databases."""
                .formatted(URL_VARIABLE, localProblem, URL_VARIABLE, USER_VARIABLE, PASSWORD_VARIABLE));
    }

    /** Null when the server accepts a connection, else what it answered. */
    private static String connectionProblem(Server candidate) {
        try (Connection ignored = DriverManager.getConnection(candidate.adminUrl(), candidate.username(), candidate.password())) {
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static String setting(String name, String otherwise) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null ? otherwise : value;
    }

    /** The same server and parameters, another database. */
    static String withDatabase(String jdbcUrl, String database) {
        Matcher url = JDBC_URL.matcher(jdbcUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException("expected a URL like jdbc:postgresql://host:5432/database, got " + jdbcUrl);
        }
        return url.group(1) + "/" + database + (url.group(3) == null ? "" : url.group(3));
    }

    private static synchronized void dropAll(Server on) {
        try (Connection connection = DriverManager.getConnection(on.adminUrl(), on.username(), on.password());
             Statement statement = connection.createStatement()) {
            for (String name : created) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            // The JVM is exiting (and a container goes with it): a leftover database is harmless.
            System.err.println("Could not drop the test databases " + created + ": " + e.getMessage());
        }
    }
}
