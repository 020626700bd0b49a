package dev.weft.traceql;

import dev.weft.model.Span;
import dev.weft.storage.memory.InMemoryStorage;

import java.util.List;

class InMemoryTraceQlSearcherTest extends TraceQlSearcherContractTest {

    @Override
    protected TraceQlSearcher searcherOver(List<Span> spans) {
        InMemoryStorage storage = new InMemoryStorage(1_000, 10, 10);
        storage.spanConsumer().accept(spans);
        return storage.traceQlSearcher();
    }
}
