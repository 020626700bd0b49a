package dev.weft.correlation.ledger;

class InMemoryCorrelationLedgerTest extends CorrelationLedgerContractTest {

    @Override
    protected CorrelationLedger emptyLedger() {
        return new InMemoryCorrelationLedger();
    }
}
