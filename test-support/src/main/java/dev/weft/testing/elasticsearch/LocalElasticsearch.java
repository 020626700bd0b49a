package dev.weft.testing.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Runs Elasticsearch from its minimal distribution zip as a child process, for machines without
 * Docker (CI here). Each JVM unpacks its own copy under {@code target/} (a few seconds, and no
 * state shared with a concurrent build), writes a single-node configuration with free ports and
 * a small heap (the machines have two cores), and deletes it all again at exit.
 *
 * <p>Elasticsearch refuses to run as root. When the JVM is root, as in CI, the server runs as the
 * system user {@value #USER} (created on first use) through {@code runuser}; if that user cannot
 * reach {@code target/} (a checkout under {@code /root}), the copy goes to the temporary directory.
 */
final class LocalElasticsearch {

    static final String HEAP = "-Xms512m -Xmx512m";
    private static final String USER = "weft-es";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalElasticsearch() {
    }

    /** Starts the server and returns its base URL once the cluster is at least yellow. */
    static String start(Path zip, String version, Path target) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("The Elasticsearch distribution " + zip + " is missing: run the build "
                    + "with Maven so it resolves org.elasticsearch.distribution.integ-test-zip:elasticsearch:"
                    + version + ":zip, start Docker, or set " + ElasticsearchTestServer.URL_VARIABLE
                    + " to a running Elasticsearch 9");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            if (root) {
                run("sh", "-c", "id -u " + USER + " >/dev/null 2>&1 || useradd --system --no-create-home " + USER);
            }
            Path dir = workDirectory(target, root);
            AtomicReference<Process> process = new AtomicReference<>();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (process.get() != null) {
                    stop(process.get());
                }
                delete(dir);
            }, "elasticsearch-stop"));
            Path home = unpack(zip, dir);
            int httpPort = freePort();
            Files.writeString(home.resolve("config/elasticsearch.yml"), String.join("\n",
                    "discovery.type: single-node",
                    "xpack.security.enabled: false",
                    "http.host: 127.0.0.1",
                    "http.port: " + httpPort,
                    "transport.host: 127.0.0.1",
                    "transport.port: " + freePort(),
                    "path.data: " + home.resolve("data"),
                    "path.logs: " + home.resolve("logs"),
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    ""));
            Path console = Files.createDirectories(home.resolve("logs")).resolve("console.log");
            if (root) {
                run("chown", "-R", USER, dir.toString());
            }
            List<String> command = new ArrayList<>();
            if (root) {
                command.addAll(List.of("runuser", "-u", USER, "--"));
            }
            command.add(home.resolve("bin/elasticsearch").toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(console.toFile());
            builder.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("ES_JAVA_OPTS", HEAP);
            process.set(builder.start());
            String url = "http://127.0.0.1:" + httpPort;
            awaitYellow(url, process.get(), console);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Elasticsearch from " + zip, e);
        }
    }

    private static Path workDirectory(Path target, boolean root) throws IOException {
        String name = "elasticsearch-" + ProcessHandle.current().pid();
        Path dir = Files.createDirectories(target).toAbsolutePath().resolve(name);
        delete(dir);
        Files.createDirectories(dir);
        if (root && run("runuser", "-u", USER, "--", "test", "-x", dir.toString()) != 0) {
            Files.delete(dir);
            return Files.createTempDirectory(name);
        }
        return dir;
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

    private static void awaitYellow(String url, Process process, Path console) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=5s"))
                .timeout(Duration.ofSeconds(10)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with code " + process.exitValue()
                        + " while starting. Last lines of " + console + ":\n" + tail(console));
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
                throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
            }
            sleep();
        }
        stop(process);
        throw new IllegalStateException("Elasticsearch at " + url + " was not yellow within " + START_TIMEOUT.toSeconds()
                + " s. Last lines of " + console + ":\n" + tail(console));
    }

    /**
     * Stops the whole process tree: {@code bin/elasticsearch} starts a CLI JVM that starts the
     * server JVM, and {@code runuser} sits above them when the tests run as root.
     */
    private static void stop(Process process) {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            for (ProcessHandle handle : tree) {
                handle.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static String tail(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(" + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static int run(String... command) throws IOException {
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: target/ is wiped by the next clean anyway
        }
    }
}
