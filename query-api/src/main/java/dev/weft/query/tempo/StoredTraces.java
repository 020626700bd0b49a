package dev.weft.query.tempo;

import dev.weft.model.Span;
import dev.weft.storage.StorageComponent;
import dev.weft.traceql.TraceQlMatch;
import dev.weft.traceql.TraceQlSearch;

import java.util.List;

/** The traces as they were stored: Tempo's own view. */
final class StoredTraces implements TempoBackend {

    private final StorageComponent storage;

    StoredTraces(StorageComponent storage) {
        this.storage = storage;
    }

    @Override
    public List<Span> trace(String traceId) {
        return storage.spanStore().getTrace(traceId);
    }

    @Override
    public List<TraceQlMatch> search(TraceQlSearch search) {
        return storage.traceQlSearcher().search(search);
    }
}
