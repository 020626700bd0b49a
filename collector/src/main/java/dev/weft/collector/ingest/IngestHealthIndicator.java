package dev.weft.collector.ingest;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Optional;

/**
 * Health of ingestion ({@code /actuator/health/ingest}, part of readiness): down only when storage
 * is unreachable and the write-ahead log is full, which is when Weft can take nothing more; a
 * storage outage the log still absorbs is reported in the details while the status stays up.
 */
public final class IngestHealthIndicator implements HealthIndicator {

    private final StorageWriter writer;
    private final Optional<LoggedIngest> logged;

    public IngestHealthIndicator(StorageWriter writer, Optional<LoggedIngest> logged) {
        this.writer = writer;
        this.logged = logged;
    }

    @Override
    public Health health() {
        Optional<StorageWriter.Outage> outage = writer.outage();
        boolean full = logged.map(LoggedIngest::refusing).orElse(false);
        Health.Builder health = outage.isPresent() && full ? Health.down() : Health.up();
        outage.ifPresentOrElse(o -> health.withDetail("storage", "failing since " + o.since())
                        .withDetail("storageError", o.lastError()),
                () -> health.withDetail("storage", "available"));
        logged.ifPresent(l -> health.withDetail("walBytes", l.log().bytes())
                .withDetail("walUnstoredBytes", l.log().unstoredBytes())
                .withDetail("walMaxBytes", l.log().maxBytes())
                .withDetail("walOldestAgeSeconds", l.log().oldestAge().toSeconds())
                .withDetail("walFull", full));
        return health.build();
    }
}
