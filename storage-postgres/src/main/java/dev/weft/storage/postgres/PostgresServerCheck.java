package dev.weft.storage.postgres;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Refuses to start against a server that is down, is not PostgreSQL, or is too old, with a
 * message that names the server and the setting to change, instead of the migration tool's
 * first SQL error.
 */
public final class PostgresServerCheck {

    /**
     * The oldest release supported. The schema needs 11 (ON CONFLICT on partitioned tables,
     * default partitions) and the tests use {@code DROP DATABASE ... WITH (FORCE)} from 13;
     * nothing older is maintained by the PostgreSQL project either.
     */
    public static final int MINIMUM_VERSION_NUM = 130000;

    private PostgresServerCheck() {
    }

    /**
     * Connects once and checks the server, returning its {@code server_version_num}.
     *
     * @param where how the operator configured it (the JDBC URL), for the message
     */
    public static int verify(DataSource dataSource, String where) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (!"PostgreSQL".equals(product)) {
                throw new IllegalStateException("Weft's correlation ledger needs PostgreSQL, but " + where + " is " + product
                        + ". Point spring.datasource.url (SPRING_DATASOURCE_URL) at a PostgreSQL server.");
            }
            try (ResultSet row = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
                row.next();
                int version = row.getInt(1);
                requireSupported(version, where);
                return version;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Weft's correlation ledger cannot reach PostgreSQL at " + where + " ("
                    + e.getMessage() + "). Start the server, or set spring.datasource.url, spring.datasource.username and"
                    + " spring.datasource.password (SPRING_DATASOURCE_URL, ..._USERNAME, ..._PASSWORD) to one that runs.", e);
        }
    }

    static void requireSupported(int versionNum, String where) {
        if (versionNum < MINIMUM_VERSION_NUM) {
            throw new IllegalStateException("Weft's correlation ledger needs PostgreSQL " + MINIMUM_VERSION_NUM / 10000
                    + " or later, but " + where + " runs " + versionNum / 10000 + "." + versionNum % 10000
                    + ". Upgrade it or point spring.datasource.url (SPRING_DATASOURCE_URL) at a newer server.");
        }
    }
}
