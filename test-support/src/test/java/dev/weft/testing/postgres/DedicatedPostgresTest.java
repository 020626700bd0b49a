package dev.weft.testing.postgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DedicatedPostgresTest {

    private static DedicatedPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = DedicatedPostgres.start();
    }

    @AfterAll
    static void close() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void keepsRowsAcrossStopAndStartAgain() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE survivors (name text)");
            statement.execute("INSERT INTO survivors VALUES ('row before the stop')");
        }

        postgres.stop();
        assertThatThrownBy(this::connect).isInstanceOf(SQLException.class).hasMessageContaining("refused");

        postgres.startAgain();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM survivors")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("row before the stop");
        }
    }

    @Test
    void isAPrivateLoopbackServerWithASuperuser() throws SQLException {
        assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:").doesNotContain(":5432/");
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet settings = statement.executeQuery(
                     "SELECT current_setting('listen_addresses'), current_setting('is_superuser')")) {
            settings.next();
            assertThat(settings.getString(1)).isEqualTo("127.0.0.1");
            assertThat(settings.getString(2)).isEqualTo("on");
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "");
    }
}
