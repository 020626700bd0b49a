package dev.weft.correlation.ledger;

class InMemoryRuleStoreTest extends RuleStoreContractTest {

    @Override
    protected RuleStore emptyRuleStore() {
        return new InMemoryRuleStore();
    }
}
