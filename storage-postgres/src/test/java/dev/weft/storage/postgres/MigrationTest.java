package dev.weft.storage.postgres;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationTest {

    @Test
    void migratingTwiceAppliesTheSchemaOnce() {
        try (MigratedDatabase db = MigratedDatabase.unmigrated()) {
            Flyway flyway = db.flyway();

            assertThat(flyway.migrate().migrationsExecuted).isEqualTo(1);
            assertThat(db.flyway().migrate().migrationsExecuted).isZero();
            flyway.validate();

            assertThat(db.jdbc.queryForList("""
                    SELECT c.relname FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1
                    """, String.class)).containsExactly("async_edges", "correlation_keys", "journey_traces", "journeys");
            assertThat(db.jdbc.queryForList("""
                    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relkind = 'r' ORDER BY 1
                    """, String.class)).containsExactly("async_edges_default", "correlation_keys_default",
                    "journey_traces_default", "journeys_default");
        }
    }
}
