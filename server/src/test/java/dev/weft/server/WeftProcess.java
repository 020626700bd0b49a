package dev.weft.server;

import dev.weft.testing.process.LocalServers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Weft as a child JVM (this test JVM's class path, {@link WeftApplication}), so that a test can kill
 * it with SIGKILL, as a crash or the OOM killer would, and start it again on the same ports and log.
 */
final class WeftProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    final int queryPort;
    final int grpcPort;
    final int httpPort;
    private final List<String> args;
    private final Path console;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    WeftProcess(Path console, String... args) throws IOException {
        this.queryPort = LocalServers.freePort();
        this.grpcPort = LocalServers.freePort();
        this.httpPort = LocalServers.freePort();
        this.console = console;
        this.args = List.of(args);
    }

    /** Starts the JVM and waits until Weft is ready (readiness probe UP). */
    WeftProcess start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                WeftApplication.class.getName(),
                "--server.port=" + queryPort, "--weft.collector.grpc-port=" + grpcPort,
                "--weft.collector.http-port=" + httpPort));
        command.addAll(args);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile())).start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Weft exited with " + process.exitValue() + ":\n" + tail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Weft not ready within " + START_TIMEOUT + ":\n" + tail());
            }
            Thread.sleep(250);
        }
        return this;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    String grpcEndpoint() {
        return "http://localhost:" + grpcPort;
    }

    private boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + queryPort + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(console);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no console output: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
