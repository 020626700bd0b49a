package dev.weft.testing.postgres;

import dev.weft.testing.process.LocalServers;
import dev.weft.testing.process.ServerUser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of its own, for fault tests: they stop it and start it again, which they must
 * never do to the server the other tests share ({@link PostgresTestServer}). Start one per test class
 * and close it afterwards; a shutdown hook covers a run that ends first.
 *
 * <p>The cluster is made with the machine's binaries ({@code initdb}, {@code pg_ctl}; the newest
 * under {@code /usr/lib/postgresql/<version>/bin}, else the {@code PATH}) in a temporary directory.
 * It listens on 127.0.0.1 only, on a free port, with trust authentication and without fsync (the
 * data outlives the server process, not the machine). PostgreSQL refuses to run as root: when the
 * JVM is root, as in CI, the cluster belongs to and runs as the system user {@code postgres} of the
 * OS package, else {@value #FALLBACK_USER}, created on first use.
 */
public final class DedicatedPostgres implements AutoCloseable {

    private static final String SUPERUSER = "postgres";
    private static final String FALLBACK_USER = "weft-pg";
    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");

    private final ServerUser user;
    private final Path bin;
    private final Path dir;
    private final int port;
    private final Thread shutdownHook;
    private boolean running;

    private DedicatedPostgres(ServerUser user, Path bin, Path dir, int port) {
        this.user = user;
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.shutdownHook = new Thread(this::destroy, "postgres-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Creates and starts a cluster (a few seconds) and returns once it accepts connections. */
    public static DedicatedPostgres start() {
        Path bin = binaries();
        ServerUser user = ServerUser.forServers(SUPERUSER, FALLBACK_USER);
        DedicatedPostgres cluster;
        Path dir = null;
        try {
            dir = Files.createTempDirectory("weft-postgres-");
            int port = LocalServers.freePort();
            user.own(dir);
            LocalServers.run(new ProcessBuilder(user.command(bin.resolve("initdb").toString(),
                    "-D", dir.resolve("data").toString(), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
                    "--no-locale", "--no-sync")).directory(dir.toFile()));
            Files.writeString(dir.resolve("data/postgresql.conf"), String.join("\n",
                    "",
                    "listen_addresses = '127.0.0.1'",
                    "port = " + port,
                    "unix_socket_directories = ''",
                    "fsync = off",
                    "full_page_writes = off",
                    ""), StandardOpenOption.APPEND);
            cluster = new DedicatedPostgres(user, bin, dir, port);
        } catch (IOException e) {
            if (dir != null) {
                LocalServers.delete(dir);
            }
            throw new IllegalStateException("Could not create a PostgreSQL cluster with " + bin + ": " + e.getMessage(), e);
        }
        try {
            cluster.startAgain();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}; the same for the cluster's whole life. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The superuser, {@value #SUPERUSER}; it needs no password. */
    public String username() {
        return SUPERUSER;
    }

    /**
     * Stops the server the fast way (open sessions are ended) and returns once it is down, so that
     * connections are refused. Does nothing if it is not running.
     */
    public synchronized void stop() {
        if (running) {
            pgCtl("stop", "-m", "fast");
            running = false;
        }
    }

    /**
     * Starts the stopped server again on the same data and port and returns once it accepts
     * connections. Does nothing if it runs.
     */
    public synchronized void startAgain() {
        if (!running) {
            pgCtl("start", "-l", dir.resolve("server.log").toString());
            running = true;
        }
    }

    /** Stops the server, at once as its files go too, and deletes the cluster. */
    @Override
    public synchronized void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting and the hook runs anyway
        }
        destroy();
    }

    private void destroy() {
        try {
            LocalServers.run(pgCtlCommand("stop", "-m", "immediate"));
        } catch (IOException e) {
            // it was not running
        }
        LocalServers.delete(dir);
    }

    private void pgCtl(String... arguments) {
        try {
            LocalServers.run(pgCtlCommand(arguments));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL on port " + port + ": " + e.getMessage()
                    + "\nLast lines of its log:\n" + LocalServers.tail(dir.resolve("server.log")), e);
        }
    }

    private ProcessBuilder pgCtlCommand(String... arguments) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(),
                "-D", dir.resolve("data").toString(), "-w", "-t", "60"));
        command.addAll(List.of(arguments));
        // The tools resolve their own path through the working directory, which must be open to the user.
        return new ProcessBuilder(user.command(command.toArray(String[]::new))).directory(dir.toFile());
    }

    /** The directory with initdb and pg_ctl: the newest version the OS packages installed, else the PATH. */
    private static Path binaries() {
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(VERSIONS)) {
            try (Stream<Path> versions = Files.list(VERSIONS)) {
                versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)*"))
                        .sorted(Comparator.comparing((Path v) -> Runtime.Version.parse(v.getFileName().toString()))
                                .reversed())
                        .forEach(v -> candidates.add(v.resolve("bin")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                candidates.add(Path.of(entry));
            }
        }
        return candidates.stream()
                .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No PostgreSQL server binaries (initdb, pg_ctl) in "
                        + VERSIONS + "/<version>/bin or on the PATH: install them with `apt-get install postgresql` "
                        + "(or your OS's PostgreSQL server package)"));
    }
}
