package dev.weft.query.json;

import dev.weft.model.Span;

import java.util.List;

/** One trace: its id and its spans in start-time order. */
public record TraceJson(String traceId, List<SpanJson> spans) {

    public static TraceJson of(String traceId, List<Span> spans) {
        return new TraceJson(traceId, spans.stream().map(SpanJson::of).toList());
    }
}
