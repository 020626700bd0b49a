package dev.weft.storage.postgres;

import dev.weft.correlation.ledger.CorrelationKey;
import dev.weft.correlation.ledger.MatchPolicy;
import dev.weft.correlation.ledger.MatchSettings;
import dev.weft.correlation.ledger.Side;
import dev.weft.correlation.ledger.SpanRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.weft.storage.postgres.PartitionMaintenance.NANOS_PER_DAY;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

/** Day partitions against a clock the tests move; a fresh database per test, since partitions are schema. */
class PartitionMaintenanceTest {

    private static final List<String> TABLES = List.of("correlation_keys", "async_edges", "journeys", "journey_traces");
    private static final MatchSettings SETTINGS = new MatchSettings(Map.of(), new MatchPolicy(NANOS_PER_DAY, false), 10);

    private final MovableClock clock = new MovableClock(Instant.now());
    private final LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    private MigratedDatabase db;
    private PartitionMaintenance partitions;
    private PostgresCorrelationLedger ledger;

    @BeforeEach
    void createDatabase() {
        db = MigratedDatabase.create();
        partitions = db.partitions(clock);
        ledger = new PostgresCorrelationLedger(db.dataSource, partitions);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void maintenanceCreatesEveryTablesPartitionsFromYesterdayToTwoDaysAhead() {
        partitions.maintain();
        partitions.maintain();

        for (String table : TABLES) {
            assertThat(partitions.partitionDays(table)).as(table)
                    .containsExactly(today.minusDays(1), today, today.plusDays(1), today.plusDays(2));
        }
    }

    @Test
    void recordingCreatesThePartitionOfAnEarlierDayInsideTheRetention() {
        LocalDate fourDaysAgo = today.minusDays(4);
        ledger.record(List.of(key(1, Side.PRODUCER, "k", noon(fourDaysAgo))));

        for (String table : TABLES) {
            assertThat(partitions.partitionDays(table)).as(table).containsExactly(fourDaysAgo);
        }
        assertThat(partitionOf(1)).isEqualTo(partition("correlation_keys", fourDaysAgo));
    }

    @Test
    void aDayStartsAtUtcMidnightToTheNanosecond() {
        long midnight = today.plusDays(1).toEpochDay() * NANOS_PER_DAY;
        ledger.record(List.of(key(1, Side.PRODUCER, "a", midnight - 1), key(2, Side.PRODUCER, "b", midnight)));

        assertThat(partitionOf(1)).isEqualTo(partition("correlation_keys", today));
        assertThat(partitionOf(2)).isEqualTo(partition("correlation_keys", today.plusDays(1)));
    }

    @Test
    void timesFarOutsideTheWindowLandInTheDefaultPartitionAndStillMatch() {
        long year2200 = LocalDate.of(2200, 1, 1).toEpochDay() * NANOS_PER_DAY;
        long monthAgo = noon(today.minusDays(30));
        ledger.record(List.of(key(1, Side.PRODUCER, "epoch", 1_000_000_000L), key(2, Side.PRODUCER, "month", monthAgo),
                key(3, Side.PRODUCER, "future", year2200), key(4, Side.CONSUMER, "future", year2200 + 1_000)));

        assertThat(ledger.match(SETTINGS).newEdges()).hasSize(1);
        assertThat(List.of(partitionOf(1), partitionOf(2), partitionOf(3), partitionOf(4)))
                .containsOnly("correlation_keys_default");
        assertThat(db.jdbc.queryForObject("SELECT tableoid::regclass::text FROM async_edges", String.class))
                .isEqualTo("async_edges_default");
        assertThat(partitions.partitionDays("correlation_keys")).isEmpty();
    }

    @Test
    void retentionDropsExpiredPartitionsWholeAndDeletesOldRowsOfTheDefaultPartition() {
        LocalDate sixDaysAgo = today.minusDays(6);
        long year2200 = LocalDate.of(2200, 1, 1).toEpochDay() * NANOS_PER_DAY;
        ledger.record(List.of(key(1, Side.PRODUCER, "old", noon(sixDaysAgo)), key(2, Side.CONSUMER, "old", noon(sixDaysAgo)),
                key(3, Side.PRODUCER, "new", noon(today)), key(4, Side.CONSUMER, "new", noon(today)),
                key(5, Side.PRODUCER, "epoch", 1_000_000_000L), key(6, Side.PRODUCER, "future", year2200)));
        assertThat(ledger.match(SETTINGS).newEdges()).hasSize(2);

        clock.advance(Duration.ofDays(2));
        partitions.maintain();

        for (String table : TABLES) {
            assertThat(partitions.partitionDays(table)).as(table).doesNotContain(sixDaysAgo).contains(today);
        }
        assertThat(db.jdbc.queryForList("SELECT trace_id FROM correlation_keys ORDER BY trace_id", String.class))
                .containsExactly(traceId(3), traceId(4), traceId(6));
        assertThat(ledger.edgesOf(List.of(traceId(1), traceId(2), traceId(3)))).extracting(e -> e.producer().traceId())
                .containsExactly(traceId(3));
    }

    @Test
    void aPartitionCreatedLaterTakesOverItsDaysRowsFromTheDefaultPartition() {
        LocalDate inTenDays = today.plusDays(10);
        ledger.record(List.of(key(1, Side.PRODUCER, "k", noon(inTenDays))));
        assertThat(partitionOf(1)).isEqualTo("correlation_keys_default");

        clock.advance(Duration.ofDays(9));
        partitions.maintain();

        assertThat(partitionOf(1)).isEqualTo(partition("correlation_keys", inTenDays));
        ledger.record(List.of(key(2, Side.CONSUMER, "k", noon(inTenDays))));
        assertThat(ledger.match(SETTINGS).newEdges()).hasSize(1);
    }

    @Test
    void concurrentMaintainersDoNotCollide() throws Exception {
        List<Future<?>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                PartitionMaintenance another = db.partitions(clock);
                runs.add(pool.submit(another::maintain));
            }
        }
        for (Future<?> run : runs) {
            run.get();
        }
        assertThat(partitions.partitionDays("correlation_keys")).hasSize(4);
    }

    private static CorrelationKey key(int n, Side side, String key, long start) {
        return new CorrelationKey("rule", side, key, new SpanRef(traceId(n), spanId(n)), "svc", start, start + 1_000);
    }

    private static long noon(LocalDate day) {
        return day.toEpochDay() * NANOS_PER_DAY + NANOS_PER_DAY / 2;
    }

    private static String partition(String table, LocalDate day) {
        return table + "_p" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    private String partitionOf(int trace) {
        return db.jdbc.queryForObject("SELECT tableoid::regclass::text FROM correlation_keys WHERE trace_id = ?",
                String.class, traceId(trace));
    }

    /** A clock the test moves forward, to let days pass. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
