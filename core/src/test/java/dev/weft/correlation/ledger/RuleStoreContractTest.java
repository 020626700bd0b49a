package dev.weft.correlation.ledger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link RuleStore} must have. Definitions are written the way jsonb
 * prints them (shorter keys first, a space after each separator), so that the test can
 * compare text while a store may still normalise JSON.
 */
public abstract class RuleStoreContractTest {

    private static final String ORDER_ID = "{\"name\": \"order-id\", \"window\": \"PT1H\"}";
    private static final String ORDER_ID_V2 = "{\"name\": \"order-id\", \"window\": \"PT2H\"}";
    private static final String INVOICE = "{\"name\": \"invoice\", \"window\": \"P1D\"}";

    protected RuleStore rules;

    /** A store holding no rule; called before every test. */
    protected abstract RuleStore emptyRuleStore();

    @BeforeEach
    void setUpRuleStore() {
        rules = emptyRuleStore();
    }

    @Test
    void savedRulesComeBackSortedByName() {
        rules.save(new StoredRule("order-id", ORDER_ID));
        rules.save(new StoredRule("invoice", INVOICE));

        assertThat(rules.all()).containsExactly(new StoredRule("invoice", INVOICE), new StoredRule("order-id", ORDER_ID));
    }

    @Test
    void savingUnderAnExistingNameReplacesTheRule() {
        rules.save(new StoredRule("order-id", ORDER_ID));
        rules.save(new StoredRule("order-id", ORDER_ID_V2));

        assertThat(rules.all()).containsExactly(new StoredRule("order-id", ORDER_ID_V2));
    }

    @Test
    void deleteRemovesTheRuleAndSaysWhetherThereWasOne() {
        rules.save(new StoredRule("order-id", ORDER_ID));
        rules.save(new StoredRule("invoice", INVOICE));

        assertThat(rules.delete("order-id")).isTrue();
        assertThat(rules.delete("order-id")).isFalse();
        assertThat(rules.delete("never-saved")).isFalse();
        assertThat(rules.all()).containsExactly(new StoredRule("invoice", INVOICE));
    }

    @Test
    void aNewStoreIsEmpty() {
        assertThat(rules.all()).isEmpty();
    }
}
