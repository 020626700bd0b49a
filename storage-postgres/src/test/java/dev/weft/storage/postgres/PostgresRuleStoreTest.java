package dev.weft.storage.postgres;

import dev.weft.correlation.ledger.RuleStore;
import dev.weft.correlation.ledger.RuleStoreContractTest;
import dev.weft.correlation.ledger.StoredRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresRuleStoreTest extends RuleStoreContractTest {

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
    protected RuleStore emptyRuleStore() {
        db.truncate();
        return new PostgresRuleStore(db.dataSource);
    }

    @Test
    void aDefinitionThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> rules.save(new StoredRule("broken", "{\"name\": ")))
                .isInstanceOf(DataAccessException.class);
        assertThat(rules.all()).isEmpty();
    }

    @Test
    void definitionsComeBackAsEquivalentJson() {
        rules.save(new StoredRule("order-id", "{\"window\":\"PT1H\",  \"name\":\"order-id\"}"));

        assertThat(rules.all()).containsExactly(new StoredRule("order-id", "{\"name\": \"order-id\", \"window\": \"PT1H\"}"));
    }
}
