package dev.weft.storage.postgres;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code weft.ledger.postgres}: how long the ledger keeps keys, edges and journeys, and how
 * its day partitions are kept. The connection itself is Spring Boot's {@code spring.datasource.*}.
 *
 * @param retention           keys, edges and journeys older than this are dropped, a whole day at a
 *                            time; at least a day (default 7 days)
 * @param partitionsAhead     days ahead whose partitions exist before data arrives (default 2)
 * @param maintenanceInterval how often partitions are created and retention applied (default 1 hour)
 */
@ConfigurationProperties("weft.ledger.postgres")
public record PostgresLedgerProperties(@DefaultValue("7d") Duration retention,
                                       @DefaultValue("2") int partitionsAhead,
                                       @DefaultValue("1h") Duration maintenanceInterval) {

    public PostgresLedgerProperties {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("weft.ledger.postgres.retention must be at least 1d (one day partition), was "
                    + retention);
        }
        if (partitionsAhead < 0) {
            throw new IllegalArgumentException("weft.ledger.postgres.partitions-ahead must not be negative, was "
                    + partitionsAhead);
        }
        if (maintenanceInterval.isNegative() || maintenanceInterval.isZero()) {
            throw new IllegalArgumentException("weft.ledger.postgres.maintenance-interval must be positive, was "
                    + maintenanceInterval);
        }
    }
}
