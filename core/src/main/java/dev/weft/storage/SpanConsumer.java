package dev.weft.storage;

import dev.weft.model.Span;

import java.util.List;

/** Writes spans. Writing a span that is already stored (same trace and span id) replaces it. */
public interface SpanConsumer {

    void accept(List<Span> spans);
}
