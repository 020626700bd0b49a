package dev.weft.storage.postgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

/**
 * Creates and drops the day partitions (UTC days) of the ledger's time-based tables, so that
 * retention is a {@code DROP TABLE} instead of a {@code DELETE} that bloats the tables.
 *
 * <p>Partitions exist from yesterday to {@code daysAhead} days ahead, and are created on demand
 * for any day inside the retention that data arrives for. Days outside (clock-skewed hosts,
 * garbage timestamps) stay in the DEFAULT partition, which retention cleans with a
 * {@code DELETE}; should such a day come inside the window later, its rows move from the
 * default partition into the new one, as PostgreSQL requires before it attaches the partition.
 *
 * <p>Several processes may run this at once: an advisory lock serialises them. Tables are
 * always handled in the order matching touches them (keys before edges), so that maintenance
 * and a running match queue behind each other instead of deadlocking.
 */
public final class PartitionMaintenance {

    static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('weft.ledger.partition-maintenance'))";
    private static final DateTimeFormatter BOUND = DateTimeFormatter.ofPattern("''yyyy-MM-dd' 00:00:00+00'''");

    /** A partitioned table and the timestamptz column it is partitioned by. */
    private record PartitionedTable(String name, String column) {
        String partition(LocalDate day) {
            return name + "_p" + day.format(DateTimeFormatter.BASIC_ISO_DATE);
        }
    }

    private static final List<PartitionedTable> TABLES = List.of(
            new PartitionedTable("correlation_keys", "start_time"),
            new PartitionedTable("async_edges", "consumer_start_time"),
            new PartitionedTable("journeys", "start_time"),
            new PartitionedTable("journey_traces", "journey_start_time"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration retention;
    private final int daysAhead;
    /** Days known to have their partitions, so recording asks the catalog once per day, not once per batch. */
    private final Set<LocalDate> created = ConcurrentHashMap.newKeySet();

    public PartitionMaintenance(DataSource dataSource, Clock clock, Duration retention, int daysAhead) {
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("retention must be at least a day, the size of a partition");
        }
        if (daysAhead < 0) {
            throw new IllegalArgumentException("daysAhead must not be negative");
        }
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
        this.retention = retention;
        this.daysAhead = daysAhead;
    }

    /** The scheduled pass: partitions from yesterday to the days ahead, and retention. */
    public void maintain() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        ensure(today.minusDays(1).datesUntil(today.plusDays(daysAhead + 1L)).toList());
        dropBefore(nanos(now.minus(retention)));
    }

    /**
     * Creates the partitions of the days these times fall on, for the days inside the retention
     * and not beyond the days ahead; rows of other days go to the default partitions.
     */
    public void ensureDaysOf(LongStream unixNanos) {
        Instant now = clock.instant();
        LocalDate first = day(nanos(now.minus(retention)));
        LocalDate last = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(daysAhead);
        Set<LocalDate> missing = new TreeSet<>();
        unixNanos.mapToObj(PartitionMaintenance::day)
                .filter(day -> !day.isBefore(first) && !day.isAfter(last) && !created.contains(day))
                .forEach(missing::add);
        if (!missing.isEmpty()) {
            ensure(missing);
        }
    }

    private void ensure(Collection<LocalDate> days) {
        transactions.executeWithoutResult(tx -> {
            jdbc.execute(LOCK);
            for (PartitionedTable table : TABLES) {
                for (LocalDate day : days) {
                    createIfMissing(table, day);
                }
            }
        });
        created.addAll(days);
    }

    private void createIfMissing(PartitionedTable table, LocalDate day) {
        String partition = table.partition(day);
        if (Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT FROM pg_class WHERE relname = ? AND relnamespace = current_schema()::regnamespace)",
                Boolean.class, partition))) {
            return;
        }
        String from = day.format(BOUND);
        String to = day.plusDays(1).format(BOUND);
        jdbc.execute("CREATE TABLE " + partition + " (LIKE " + table.name() + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
        jdbc.update("WITH moved AS (DELETE FROM " + table.name() + "_default WHERE " + table.column() + " >= " + from
                + " AND " + table.column() + " < " + to + " RETURNING *) INSERT INTO " + partition + " SELECT * FROM moved");
        jdbc.execute("ALTER TABLE " + table.name() + " ATTACH PARTITION " + partition
                + " FOR VALUES FROM (" + from + ") TO (" + to + ")");
    }

    /**
     * Drops every partition that ends at or before this time, deletes older rows from the
     * default partitions and from the queue of unmatched keys. Rows of the day holding the
     * cutoff stay until their whole day has passed.
     */
    public void dropBefore(long unixNano) {
        transactions.executeWithoutResult(tx -> {
            jdbc.execute(LOCK);
            for (PartitionedTable table : TABLES) {
                for (LocalDate day : partitionDays(table.name())) {
                    if (endsBy(day, unixNano)) {
                        jdbc.execute("DROP TABLE " + table.partition(day));
                    }
                }
                jdbc.update("DELETE FROM " + table.name() + "_default WHERE " + table.column()
                        + " < unix_nanos_to_timestamptz(?)", unixNano);
            }
            jdbc.update("DELETE FROM correlation_key_inbox WHERE start_time < unix_nanos_to_timestamptz(?)", unixNano);
        });
        created.removeIf(day -> endsBy(day, unixNano));
    }

    /** The days that have a partition of this table, in order. */
    public List<LocalDate> partitionDays(String table) {
        String prefix = table + "_p";
        return jdbc.queryForList("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = ?::regclass", String.class, table).stream()
                .filter(name -> name.startsWith(prefix))
                .map(name -> parseDay(name.substring(prefix.length())))
                .filter(Objects::nonNull)
                .sorted()
                .toList();
    }

    private static LocalDate parseDay(String suffix) {
        try {
            return LocalDate.parse(suffix, DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException notOurs) {
            return null;
        }
    }

    private static boolean endsBy(LocalDate day, long unixNano) {
        return (day.toEpochDay() + 1) * NANOS_PER_DAY <= unixNano;
    }

    static LocalDate day(long unixNano) {
        return LocalDate.ofEpochDay(Math.floorDiv(unixNano, NANOS_PER_DAY));
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
