package dev.weft.correlation.journey;

import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.InMemoryCorrelationLedger;
import dev.weft.correlation.ledger.InMemoryRuleStore;
import dev.weft.correlation.ledger.RuleStore;

class InMemoryJourneyScenarioTest extends JourneyScenarioTest {

    @Override
    protected CorrelationLedger emptyLedger() {
        return new InMemoryCorrelationLedger();
    }

    @Override
    protected RuleStore emptyRuleStore() {
        return new InMemoryRuleStore();
    }
}
