package dev.weft.storage.postgres;

import dev.weft.correlation.ledger.AsyncEdge;
import dev.weft.correlation.ledger.CorrelationKey;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.MatchPolicy;
import dev.weft.correlation.ledger.MatchResult;
import dev.weft.correlation.ledger.MatchSettings;
import dev.weft.correlation.ledger.Side;
import dev.weft.correlation.ledger.SpanRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The ledger in PostgreSQL. Recording is one multi-row insert per batch (arrays unnested on the
 * server, so 10,000 keys cost one round trip); matching is one statement that joins the queue
 * of unmatched keys against every stored key, so its cost grows with the new keys, not with
 * the ledger. Semantics are those of {@code InMemoryCorrelationLedger}.
 */
public final class PostgresCorrelationLedger implements CorrelationLedger {

    /** Keys per insert statement: large enough to amortise the round trip, small enough for modest arrays. */
    private static final int BATCH = 10_000;

    /** Inserts keys not stored yet and queues exactly those for the next match. */
    private static final String RECORD = """
            WITH inserted AS (
                INSERT INTO correlation_keys (rule, key, side, trace_id, span_id, service_name, start_unix_nano,
                                              end_unix_nano, start_time)
                SELECT k.*, unix_nanos_to_timestamptz(k.start_unix_nano)
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[])
                     AS k(rule, key, side, trace_id, span_id, service_name, start_unix_nano, end_unix_nano)
                ON CONFLICT DO NOTHING
                RETURNING rule, key, side, trace_id, span_id, start_unix_nano, end_unix_nano, start_time
            )
            INSERT INTO correlation_key_inbox (rule, key, side, trace_id, span_id, start_unix_nano, end_unix_nano, start_time)
            SELECT * FROM inserted
            """;

    /** Serialises matchers, so that concurrent passes neither race on latest-producer choices nor report an edge twice. */
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('weft.ledger.match'))";

    /**
     * One pass, in one statement: take the queue, find the hot (rule, key)s among it, pair each
     * new key with the opposite side of everything stored, keep the pairs the rule's window and
     * latest-producer policy admit, and insert the edges not made before. Parameters: rule
     * names, windows and latest-only flags of the per-rule policies (parallel arrays), then the
     * default window, the default latest-only flag and the max fanout. Returns the new edges, each row
     * carrying the hot-key count; a single row with null edge columns when there are none.
     */
    private static final String MATCH = """
            WITH policy AS (
                SELECT * FROM unnest(?::text[], ?::int8[], ?::bool[]) AS p(rule, window_nanos, latest_only)
            ), settings AS (
                SELECT ?::int8 AS default_window, ?::bool AS default_latest, ?::int AS max_fanout
            ), new_keys AS (
                DELETE FROM correlation_key_inbox RETURNING *
            ), hot AS (
                SELECT k.rule, k.key
                FROM correlation_keys k JOIN (SELECT DISTINCT rule, key FROM new_keys) n ON n.rule = k.rule AND n.key = k.key
                GROUP BY k.rule, k.key
                HAVING count(*) FILTER (WHERE k.side = 'P') > (SELECT max_fanout FROM settings)
                    OR count(*) FILTER (WHERE k.side = 'C') > (SELECT max_fanout FROM settings)
            ), pairs AS (
                -- a pair of two new keys is found from both ends; UNION keeps one
                SELECT n.rule, n.key, n.trace_id AS p_trace, n.span_id AS p_span, n.start_unix_nano AS p_start,
                       n.end_unix_nano AS p_end, o.trace_id AS c_trace, o.span_id AS c_span,
                       o.start_unix_nano AS c_start, o.start_time AS c_time
                FROM new_keys n JOIN correlation_keys o ON o.rule = n.rule AND o.key = n.key AND o.side = 'C'
                WHERE n.side = 'P'
                UNION
                SELECT n.rule, n.key, o.trace_id, o.span_id, o.start_unix_nano, o.end_unix_nano,
                       n.trace_id, n.span_id, n.start_unix_nano, n.start_time
                FROM new_keys n JOIN correlation_keys o ON o.rule = n.rule AND o.key = n.key AND o.side = 'P'
                WHERE n.side = 'C'
            ), admitted AS (
                SELECT pr.*, coalesce(po.window_nanos, s.default_window) AS window_nanos,
                       coalesce(po.latest_only, s.default_latest) AS latest_only
                FROM pairs pr CROSS JOIN settings s LEFT JOIN policy po ON po.rule = pr.rule
                WHERE (pr.p_trace, pr.p_span) <> (pr.c_trace, pr.c_span)
                  AND abs(pr.c_start - pr.p_start) <= coalesce(po.window_nanos, s.default_window)
                  AND NOT EXISTS (SELECT FROM hot h WHERE h.rule = pr.rule AND h.key = pr.key)
            ), latest AS (
                -- the latest producer is chosen among every stored producer, not only those paired now
                SELECT DISTINCT ON (c.rule, c.key, c.c_trace, c.c_span)
                       c.rule, c.key, c.c_trace, c.c_span, p.trace_id AS p_trace, p.span_id AS p_span
                FROM (SELECT DISTINCT rule, key, c_trace, c_span, c_start, window_nanos FROM admitted WHERE latest_only) c
                JOIN correlation_keys p ON p.rule = c.rule AND p.key = c.key AND p.side = 'P'
                WHERE (p.trace_id, p.span_id) <> (c.c_trace, c.c_span)
                  AND abs(c.c_start - p.start_unix_nano) <= c.window_nanos
                ORDER BY c.rule, c.key, c.c_trace, c.c_span, p.start_unix_nano > c.c_start,
                         abs(c.c_start - p.start_unix_nano), p.trace_id, p.span_id
            ), chosen AS (
                -- one edge per rule and span pair: the smallest key, whichever keys of the rule joined them
                SELECT DISTINCT ON (a.rule, a.p_trace, a.p_span, a.c_trace, a.c_span) a.*
                FROM admitted a
                WHERE NOT a.latest_only
                   OR EXISTS (SELECT FROM latest l WHERE (l.rule, l.key, l.c_trace, l.c_span, l.p_trace, l.p_span)
                                                       = (a.rule, a.key, a.c_trace, a.c_span, a.p_trace, a.p_span))
                ORDER BY a.rule, a.p_trace, a.p_span, a.c_trace, a.c_span, a.key
            ), inserted AS (
                INSERT INTO async_edges (rule, key, producer_trace_id, producer_span_id, consumer_trace_id,
                                         consumer_span_id, lag_nanos, consumer_start_time)
                SELECT rule, key, p_trace, p_span, c_trace, c_span, c_start - p_end, c_time FROM chosen
                ON CONFLICT DO NOTHING
                RETURNING producer_trace_id, producer_span_id, consumer_trace_id, consumer_span_id, rule, key, lag_nanos
            )
            SELECT h.hot_keys, i.*
            FROM (SELECT count(*) AS hot_keys FROM hot) h LEFT JOIN inserted i ON true
            """;

    private static final String EDGES_OF = """
            SELECT producer_trace_id, producer_span_id, consumer_trace_id, consumer_span_id, rule, key, lag_nanos
            FROM async_edges
            WHERE producer_trace_id = ANY (?::text[]) OR consumer_trace_id = ANY (?::text[])
            """;

    /** Undirected closure over the edges; PostgreSQL stops evaluating it once LIMIT rows are out. */
    private static final String CONNECTED_TRACES = """
            WITH RECURSIVE reach(trace_id) AS (
                SELECT CAST(? AS text) COLLATE "C"
                UNION
                SELECT CASE WHEN e.producer_trace_id = r.trace_id THEN e.consumer_trace_id ELSE e.producer_trace_id END
                FROM reach r JOIN async_edges e ON e.producer_trace_id = r.trace_id OR e.consumer_trace_id = r.trace_id
            )
            SELECT trace_id FROM reach LIMIT ?
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final PartitionMaintenance partitions;

    public PostgresCorrelationLedger(DataSource dataSource, PartitionMaintenance partitions) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.partitions = partitions;
    }

    @Override
    public void record(List<CorrelationKey> keys) {
        partitions.ensureDaysOf(keys.stream().mapToLong(CorrelationKey::startUnixNano));
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<CorrelationKey> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
            int n = batch.size();
            String[] rules = new String[n];
            String[] values = new String[n];
            String[] sides = new String[n];
            String[] traces = new String[n];
            String[] spans = new String[n];
            String[] services = new String[n];
            long[] starts = new long[n];
            long[] ends = new long[n];
            for (int i = 0; i < n; i++) {
                CorrelationKey key = batch.get(i);
                rules[i] = key.rule();
                values[i] = key.key();
                sides[i] = key.side() == Side.PRODUCER ? "P" : "C";
                traces[i] = key.span().traceId();
                spans[i] = key.span().spanId();
                services[i] = key.serviceName();
                starts[i] = key.startUnixNano();
                ends[i] = key.endUnixNano();
            }
            jdbc.update(RECORD, rules, values, sides, traces, spans, services, starts, ends);
        }
    }

    @Override
    public MatchResult match(MatchSettings settings) {
        int n = settings.policies().size();
        String[] rules = new String[n];
        long[] windows = new long[n];
        boolean[] latestOnly = new boolean[n];
        int i = 0;
        for (Map.Entry<String, MatchPolicy> policy : settings.policies().entrySet()) {
            rules[i] = policy.getKey();
            windows[i] = policy.getValue().windowNanos();
            latestOnly[i++] = policy.getValue().latestProducerOnly();
        }
        MatchPolicy fallback = settings.defaultPolicy();
        return transactions.execute(tx -> {
            jdbc.execute(LOCK);
            return jdbc.query(MATCH, PostgresCorrelationLedger::matchResult, rules, windows, latestOnly,
                    fallback.windowNanos(), fallback.latestProducerOnly(), settings.maxKeyFanout());
        });
    }

    private static MatchResult matchResult(ResultSet rows) throws SQLException {
        List<AsyncEdge> edges = new ArrayList<>();
        long hot = 0;
        while (rows.next()) {
            hot = rows.getLong("hot_keys");
            if (rows.getString("rule") != null) {
                edges.add(edge(rows));
            }
        }
        return new MatchResult(edges, hot);
    }

    private static AsyncEdge edge(ResultSet row) throws SQLException {
        return new AsyncEdge(new SpanRef(row.getString("producer_trace_id"), row.getString("producer_span_id")),
                new SpanRef(row.getString("consumer_trace_id"), row.getString("consumer_span_id")),
                row.getString("rule"), row.getString("key"), row.getLong("lag_nanos"));
    }

    @Override
    public List<AsyncEdge> edgesOf(Collection<String> traceIds) {
        String[] ids = traceIds.toArray(String[]::new);
        return jdbc.query(EDGES_OF, (row, rowNum) -> edge(row), ids, ids);
    }

    @Override
    public java.util.Set<String> connectedTraces(String traceId, int limit) {
        return new java.util.LinkedHashSet<>(jdbc.queryForList(CONNECTED_TRACES, String.class, traceId, limit));
    }

    @Override
    public void deleteBefore(long unixNano) {
        partitions.dropBefore(unixNano);
    }
}
