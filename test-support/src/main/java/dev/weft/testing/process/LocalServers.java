package dev.weft.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the servers that test-support runs as child processes (Elasticsearch, PostgreSQL) have in
 * common besides their {@link ServerUser}: free ports, short commands, logs to quote when a start
 * fails, and files to delete afterwards.
 */
public final class LocalServers {

    private LocalServers() {
    }

    /** A port free now; the server binds it a moment later, a race the tests accept. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs a short command to its end and returns its output; throws, quoting it, unless it exits with 0. */
    public static String run(ProcessBuilder command) throws IOException {
        Process process = command.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = waitFor(process, command);
        if (code != 0) {
            throw new IOException(String.join(" ", command.command()) + " exited with " + code + ":\n" + output.strip());
        }
        return output;
    }

    /** Whether a short command exits with 0; its output is dropped. */
    public static boolean succeeds(ProcessBuilder command) throws IOException {
        Process process = command.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return waitFor(process, command) == 0;
    }

    /** The last lines of a server's log, for the message of a failed start. */
    public static String tail(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(" + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Deletes a directory tree, as far as it can: what is left over is under a temporary or build directory. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort, see above
        }
    }

    private static int waitFor(Process process, ProcessBuilder command) throws IOException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted running " + String.join(" ", command.command()), e);
        }
    }
}
