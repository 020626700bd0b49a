package dev.weft.testing.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The OS user a test server runs as. Elasticsearch and PostgreSQL both refuse to run as root, so when
 * the JVM is root, as in CI, they run as an unprivileged system user through {@code runuser} and must
 * own their files; otherwise they run as the JVM's own user and nothing changes hands.
 */
public final class ServerUser {

    /** Null when the server runs as the JVM's own user. */
    private final String name;

    private ServerUser(String name) {
        this.name = name;
    }

    /**
     * The JVM's own user unless that is root; then the first of {@code names} that exists, else the
     * last one, created as a system user.
     */
    public static ServerUser forServers(String... names) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return new ServerUser(null);
        }
        try {
            for (String name : names) {
                if (exists(name)) {
                    return new ServerUser(name);
                }
            }
            String created = names[names.length - 1];
            try {
                LocalServers.run(new ProcessBuilder("useradd", "--system", "--no-create-home", created));
            } catch (IOException e) {
                if (!exists(created)) { // else a concurrent build created it first
                    throw e;
                }
            }
            return new ServerUser(created);
        } catch (IOException e) {
            throw new IllegalStateException("Running as root, and could not find or create a system user of "
                    + List.of(names) + " to run the test server as: " + e.getMessage(), e);
        }
    }

    /** {@code command}, to be run as this user. */
    public List<String> command(String... command) {
        List<String> full = new ArrayList<>();
        if (name != null) {
            full.addAll(List.of("runuser", "-u", name, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    /** Gives this user the file tree at {@code path}. */
    public void own(Path path) throws IOException {
        if (name != null) {
            LocalServers.run(new ProcessBuilder("chown", "-R", name, path.toString()));
        }
    }

    /** Whether this user may enter {@code dir}: a checkout under {@code /root} is closed to system users. */
    public boolean canEnter(Path dir) throws IOException {
        return LocalServers.succeeds(new ProcessBuilder(command("test", "-x", dir.toString())));
    }

    private static boolean exists(String name) throws IOException {
        return LocalServers.succeeds(new ProcessBuilder("id", "-u", name));
    }
}
