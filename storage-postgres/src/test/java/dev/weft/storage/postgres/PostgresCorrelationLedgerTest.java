package dev.weft.storage.postgres;

import dev.weft.correlation.ledger.CorrelationKey;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.CorrelationLedgerContractTest;
import dev.weft.correlation.ledger.MatchResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.testing.TestTelemetry.MS;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

class PostgresCorrelationLedgerTest extends CorrelationLedgerContractTest {

    private static MigratedDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = MigratedDatabase.create();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @Override
    protected CorrelationLedger emptyLedger() {
        db.truncate();
        return new PostgresCorrelationLedger(db.dataSource, db.partitions(Clock.systemUTC()));
    }

    @Test
    void matchesFiftyThousandKeysInOnePass() {
        int pairs = 25_000;
        List<CorrelationKey> keys = new ArrayList<>(2 * pairs);
        for (int i = 0; i < pairs; i++) {
            // consumers first, over a minute of traffic, as a queue consumer's spans often arrive first
            keys.add(consumer("messaging-id", "m-" + i, 2 * i + 2, t0 + i * MS + SECOND));
        }
        for (int i = 0; i < pairs; i++) {
            keys.add(producer("messaging-id", "m-" + i, 2 * i + 1, t0 + i * MS));
        }

        long recordStart = System.nanoTime();
        for (int from = 0; from < keys.size(); from += 5_000) {
            ledger.record(keys.subList(from, from + 5_000));
        }
        long recorded = System.nanoTime();
        MatchResult result = ledger.match(SETTINGS);
        long matched = System.nanoTime();

        System.out.printf("ledger bulk: recorded %,d keys in %d ms, matched %,d edges in %d ms%n", keys.size(),
                (recorded - recordStart) / 1_000_000, result.newEdges().size(), (matched - recorded) / 1_000_000);
        assertThat(result.newEdges()).hasSize(pairs);
        assertThat(result.newEdges()).allSatisfy(e -> assertThat(e.lagNanos()).isEqualTo(SECOND - 10 * MS));
        assertThat(ledger.edgesOf(List.of(traceId(1), traceId(2 * pairs)))).hasSize(2);
        assertThat(ledger.match(SETTINGS).newEdges()).isEmpty();
    }
}
