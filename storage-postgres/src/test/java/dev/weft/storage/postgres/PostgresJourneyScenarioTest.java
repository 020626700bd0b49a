package dev.weft.storage.postgres;

import dev.weft.correlation.journey.JourneyScenarioTest;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.RuleStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;

/** The journey scenarios with the ledger and rules in a real PostgreSQL. */
class PostgresJourneyScenarioTest extends JourneyScenarioTest {

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

    @Override
    protected RuleStore emptyRuleStore() {
        return new PostgresRuleStore(db.dataSource);
    }
}
