package dev.weft.storage.postgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * Journeys and their member traces, for the correlator to keep what it assembled: a journey is
 * saved whole (replacing its previous members, since a late edge can reshape it), found by id,
 * and found by any member trace, which may belong to several journeys.
 */
public final class PostgresJourneyStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final PartitionMaintenance partitions;

    public PostgresJourneyStore(DataSource dataSource, PartitionMaintenance partitions) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.partitions = partitions;
    }

    /**
     * Stores the journey, replacing any earlier version with the same id. Saves of one journey
     * are serialised, so two correlators never leave it with two rows.
     */
    public void save(StoredJourney journey) {
        partitions.ensureDaysOf(LongStream.of(journey.startUnixNano()));
        transactions.executeWithoutResult(tx -> {
            jdbc.query("SELECT pg_advisory_xact_lock(hashtext('weft.journey'), hashtext(?))", row -> null, journey.journeyId());
            delete(journey.journeyId());
            jdbc.update("""
                    INSERT INTO journeys (journey_id, start_unix_nano, start_time, truncated)
                    VALUES (?, ?, unix_nanos_to_timestamptz(?), ?)
                    """, journey.journeyId(), journey.startUnixNano(), journey.startUnixNano(), journey.truncated());
            jdbc.update("""
                    INSERT INTO journey_traces (journey_id, trace_id, journey_start_time)
                    SELECT ?, t, unix_nanos_to_timestamptz(?) FROM unnest(?::text[]) AS t
                    """, journey.journeyId(), journey.startUnixNano(), journey.traceIds().toArray(String[]::new));
        });
    }

    public Optional<StoredJourney> find(String journeyId) {
        return jdbc.query("""
                SELECT j.start_unix_nano, j.truncated,
                       array(SELECT t.trace_id FROM journey_traces t WHERE t.journey_id = j.journey_id)
                FROM journeys j WHERE j.journey_id = ?
                """, (row, n) -> new StoredJourney(journeyId, row.getLong(1), row.getBoolean(2),
                Set.of((String[]) row.getArray(3).getArray())), journeyId).stream().findFirst();
    }

    /** Ids of the journeys that contain the trace, sorted. */
    public List<String> journeyIdsOf(String traceId) {
        return jdbc.queryForList("SELECT DISTINCT journey_id FROM journey_traces WHERE trace_id = ? ORDER BY journey_id",
                String.class, traceId);
    }

    /** Removes the journey and its member list; false when there was none. */
    public boolean delete(String journeyId) {
        return transactions.execute(tx -> {
            jdbc.update("DELETE FROM journey_traces WHERE journey_id = ?", journeyId);
            return jdbc.update("DELETE FROM journeys WHERE journey_id = ?", journeyId) > 0;
        });
    }
}
