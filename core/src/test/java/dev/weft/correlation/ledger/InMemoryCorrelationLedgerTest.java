package dev.weft.correlation.ledger;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryCorrelationLedgerTest extends CorrelationLedgerContractTest {

    @Override
    protected CorrelationLedger emptyLedger() {
        return new InMemoryCorrelationLedger();
    }

    @Test
    void forgetsTheOldestKeysAndEdgesPastItsBound() {
        InMemoryCorrelationLedger small = new InMemoryCorrelationLedger(4);
        small.record(List.of(producer("r", "a", 1, t0), consumer("r", "a", 2, t0 + SECOND)));
        assertThat(small.match(SETTINGS).newEdges()).hasSize(1);
        // Three more keys push out the first producer: a late consumer of "a" finds nothing to join.
        small.record(List.of(producer("r", "b", 3, t0), consumer("r", "b", 4, t0), consumer("r", "a", 5, t0 + SECOND)));
        MatchResult later = small.match(SETTINGS);

        assertThat(later.newEdges()).extracting(e -> e.key()).containsExactly("b");
        assertThat(small.edgesOf(List.of(span(1).traceId(), span(3).traceId()))).hasSize(2);
    }
}
