package dev.weft.testing.elasticsearch;

import dev.weft.testing.process.LocalServers;
import dev.weft.testing.process.ServerUser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A single-node Elasticsearch that this JVM runs from the minimal distribution zip, for fault tests:
 * they kill, restart and pause it, which they must never do to the server the other tests share.
 * Start one per test class and close it afterwards; a shutdown hook covers a run that ends first.
 * Without Docker, {@link ElasticsearchTestServer} runs its shared server the same way.
 *
 * <p>Each node unpacks its own copy of the distribution under {@code target/} (a few seconds) and
 * writes a configuration with free ports and a small heap (the machines have two cores). Elasticsearch
 * refuses to run as root: when the JVM is root, as in CI, the node runs as the system user
 * {@value #USER} (created on first use) through {@code runuser}, which starts a launcher JVM that
 * starts the server JVM; the methods below act on that whole process tree. If {@value #USER} cannot
 * enter {@code target/} (a checkout under {@code /root}), the copy goes to the temporary directory.
 */
public final class DedicatedElasticsearch implements AutoCloseable {

    static final String HEAP = "-Xms512m -Xmx512m";
    private static final String USER = "weft-es";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServerUser user;
    private final Path dir;
    private final Path home;
    private final String url;
    private final Thread shutdownHook;
    private volatile Process process;

    private DedicatedElasticsearch(ServerUser user, Path dir, Path home, int httpPort) {
        this.user = user;
        this.dir = dir;
        this.home = home;
        this.url = "http://127.0.0.1:" + httpPort;
        this.shutdownHook = new Thread(this::destroy, "elasticsearch-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a node from the distribution that weft-test-support was built with and returns once its
     * cluster is yellow (about 20 s on two cores). Needs that zip even where Docker runs or
     * {@value ElasticsearchTestServer#URL_VARIABLE} is set, as those give no control over the process.
     */
    public static DedicatedElasticsearch start() {
        String otherwise = "; a fault test needs this local distribution, as it controls the server process, so neither "
                + "Docker nor " + ElasticsearchTestServer.URL_VARIABLE + " can stand in for it";
        Properties distribution = ElasticsearchTestServer.distribution(otherwise);
        return start(Path.of(distribution.getProperty("zip")), Path.of("target"), otherwise);
    }

    /**
     * Starts a node from {@code zip}, unpacked under {@code target}; {@code otherwise} ends the message
     * when the zip is missing, with what else the caller could do.
     */
    static DedicatedElasticsearch start(Path zip, Path target, String otherwise) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("The Elasticsearch distribution " + zip + " is missing: run the build "
                    + "with Maven so that it resolves org.elasticsearch.distribution.integ-test-zip:elasticsearch:zip, "
                    + "a dependency of weft-test-support" + otherwise);
        }
        ServerUser user = ServerUser.forServers(USER);
        DedicatedElasticsearch node;
        Path dir = null;
        try {
            dir = workDirectory(target, user);
            int httpPort = LocalServers.freePort();
            Path home = install(zip, dir, httpPort, LocalServers.freePort());
            user.own(dir);
            node = new DedicatedElasticsearch(user, dir, home, httpPort);
        } catch (IOException e) {
            if (dir != null) {
                LocalServers.delete(dir);
            }
            throw new UncheckedIOException("Could not install Elasticsearch from " + zip, e);
        }
        try {
            node.launch();
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** The base URL, {@code http://127.0.0.1:<port>}; the same for the node's whole life. */
    public String url() {
        return url;
    }

    /**
     * Kills the node with SIGKILL, as a crash would, and returns once all its processes are gone and
     * the port refuses connections. Does nothing if it is not running.
     */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = tree();
        process = null;
        tree.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        while (!tree.stream().allMatch(DedicatedElasticsearch::gone)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Elasticsearch processes " + tree + " still run "
                        + EXIT_TIMEOUT.toSeconds() + " s after SIGKILL");
            }
            sleep(50);
        }
    }

    /**
     * Starts the node again on the same data directory and port, killing it first if it runs, and
     * returns once the cluster is yellow, which takes about as long as the first start. Documents
     * indexed before are there again: the translog is synced on every request.
     */
    public synchronized void restart() {
        kill();
        launch();
    }

    /**
     * Stops every process of the node with SIGSTOP, like a hung server: connections are still
     * accepted by the kernel but no request gets an answer until {@link #resume()}.
     */
    public synchronized void pause() {
        signal("STOP", tree());
    }

    /** Lets a paused node go on with SIGCONT. */
    public synchronized void resume() {
        signal("CONT", tree().reversed());
    }

    /** Kills the node, paused or not, and deletes its files. */
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
        kill();
        LocalServers.delete(dir);
    }

    private void launch() {
        Path console = home.resolve("logs/console.log");
        ProcessBuilder builder = new ProcessBuilder(user.command(home.resolve("bin/elasticsearch").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        builder.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("ES_JAVA_OPTS", HEAP);
        // Else the launcher makes one under /tmp, which a killed node leaves behind.
        builder.environment().put("ES_TMPDIR", home.resolve("tmp").toString());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + builder.command(), e);
        }
        awaitYellow(console);
    }

    private void awaitYellow(Path console) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=5s"))
                .timeout(Duration.ofSeconds(10)).build();
        while (System.nanoTime() < deadline) {
            Process running = process;
            if (!running.isAlive()) {
                process = null;
                throw new IllegalStateException("Elasticsearch exited with code " + running.exitValue()
                        + " while starting. Last lines of " + console + ":\n" + LocalServers.tail(console));
            }
            try {
                HttpResponse<String> response = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && !response.body().contains("\"timed_out\":true")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
            }
            sleep(500);
        }
        kill();
        throw new IllegalStateException("Elasticsearch at " + url + " was not yellow within " + START_TIMEOUT.toSeconds()
                + " s. Last lines of " + console + ":\n" + LocalServers.tail(console));
    }

    private void signal(String signal, List<ProcessHandle> processes) {
        List<String> command = Stream.concat(Stream.of("kill", "-s", signal),
                processes.stream().map(handle -> Long.toString(handle.pid()))).toList();
        try {
            LocalServers.run(new ProcessBuilder(command));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code runuser} (when root), the launcher JVM and the server JVM, parents first. The order
     * matters to {@link #pause()} and {@link #resume()}: {@code runuser} does job control, so if it
     * saw its child stop, it would stop itself for good.
     */
    private List<ProcessHandle> tree() {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException("Elasticsearch at " + url + " is not running; restart() it first");
        }
        List<ProcessHandle> tree = new ArrayList<>(List.of(running.toHandle()));
        for (int i = 0; i < tree.size(); i++) {
            tree.get(i).children().forEach(tree::add);
        }
        return tree;
    }

    /**
     * Whether a killed process is gone, so that its ports and file locks are free. One whose parent
     * died too stays a zombie until PID 1 reaps it, which not every container's PID 1 does, so a
     * process whose threads all ended counts as gone. All of them: a JVM's main thread is often a
     * zombie already while the others still hold the process's sockets.
     */
    private static boolean gone(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return true;
        }
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(handle.pid()), "task"))) {
            return threads.allMatch(DedicatedElasticsearch::ended);
        } catch (IOException | UncheckedIOException e) {
            return true; // reaped since
        }
    }

    private static boolean ended(Path thread) {
        try {
            String stat = Files.readString(thread.resolve("stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true; // released since
        }
    }

    private static Path workDirectory(Path target, ServerUser user) throws IOException {
        Path parent = Files.createDirectories(target).toAbsolutePath();
        if (!user.canEnter(parent)) {
            parent = Path.of(System.getProperty("java.io.tmpdir"));
        }
        return Files.createTempDirectory(parent, "elasticsearch-");
    }

    /** Unpacks and configures the distribution in {@code dir}; returns its home directory. */
    private static Path install(Path zip, Path dir, int httpPort, int transportPort) throws IOException {
        Path home = unpack(zip, dir);
        Files.writeString(home.resolve("config/elasticsearch.yml"), String.join("\n",
                "discovery.type: single-node",
                "xpack.security.enabled: false",
                "http.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.host: 127.0.0.1",
                "transport.port: " + transportPort,
                "path.data: " + home.resolve("data"),
                "path.logs: " + home.resolve("logs"),
                "cluster.routing.allocation.disk.threshold_enabled: false",
                ""));
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("tmp"));
        return home;
    }

    /** Unpacks the zip into {@code dir} and returns the distribution's home directory in it. */
    private static Path unpack(Path zip, Path dir) throws IOException {
        Path home = null;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                Path out = dir.resolve(entry.getName()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                // java.util.zip drops Unix modes; only the launch scripts need the execute bit.
                if (out.getParent().getFileName().toString().equals("bin")) {
                    out.toFile().setExecutable(true, false);
                    home = out.getParent().getParent();
                }
            }
        }
        if (home == null) {
            throw new IOException(zip + " has no bin/ directory; is it an Elasticsearch distribution?");
        }
        return home;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
