package dev.weft.testing.postgres;

/** One fresh database on the test server, and how to connect to it. */
public record PostgresDatabase(String name, String jdbcUrl, String username, String password) {
}
