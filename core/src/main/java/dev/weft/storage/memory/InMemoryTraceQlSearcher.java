package dev.weft.storage.memory;

import dev.weft.model.AnyValue;
import dev.weft.model.Span;
import dev.weft.storage.TimeRange;
import dev.weft.storage.TraceSummary;
import dev.weft.traceql.Attribute;
import dev.weft.traceql.Expr;
import dev.weft.traceql.Field;
import dev.weft.traceql.Intrinsic;
import dev.weft.traceql.TagValue;
import dev.weft.traceql.TraceQlEvaluator;
import dev.weft.traceql.TraceQlMatch;
import dev.weft.traceql.TraceQlSearch;
import dev.weft.traceql.TraceQlSearcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** TraceQL by evaluating every stored trace: the reference every other storage's answers are tested against. */
final class InMemoryTraceQlSearcher implements TraceQlSearcher {

    private final InMemorySpanStore spans;

    InMemoryTraceQlSearcher(InMemorySpanStore spans) {
        this.spans = spans;
    }

    @Override
    public List<TraceQlMatch> search(TraceQlSearch search) {
        List<TraceQlMatch> found = new ArrayList<>();
        spans.readTraces(trace -> TraceQlEvaluator.match(search.filter(), trace, search.timeRange(),
                search.spansPerSpanSet()).ifPresent(found::add));
        found.sort(TraceQlMatch.NEWEST_FIRST);
        return found.size() > search.limit() ? List.copyOf(found.subList(0, search.limit())) : found;
    }

    @Override
    public TagNames tagNames(TimeRange range, int limit) {
        Set<String> resource = new TreeSet<>();
        Set<String> span = new TreeSet<>();
        spans.readTraces(trace -> trace.stream().filter(s -> range.contains(s.startTimeUnixNano())).forEach(s -> {
            resource.addAll(s.resource().attributes().asMap().keySet());
            span.addAll(s.attributes().asMap().keySet());
        }));
        return new TagNames(resource.stream().limit(limit).toList(), span.stream().limit(limit).toList());
    }

    @Override
    public List<TagValue> tagValues(Field field, Expr filter, TimeRange range, int limit) {
        Set<TagValue> values = new TreeSet<>(TagValue.ORDER);
        Consumer<Span> collect = switch (field) {
            case Attribute a -> span -> add(values, TraceQlEvaluator.attribute(a, span));
            case Intrinsic i -> switch (i) {
                case NAME -> span -> values.add(new TagValue("string", span.name()));
                case STATUS_MESSAGE -> span -> {
                    if (!span.status().message().isEmpty()) {
                        values.add(new TagValue("string", span.status().message()));
                    }
                };
                case ROOT_NAME -> span -> {
                    if (span.isRoot()) {
                        values.add(new TagValue("string", span.name()));
                    }
                };
                case ROOT_SERVICE_NAME -> span -> {
                    if (span.isRoot()) {
                        values.add(new TagValue("string", span.serviceName()));
                    }
                };
                default -> null;
            };
        };
        if (collect == null) {
            return List.of();
        }
        spans.readTraces(trace -> {
            TraceSummary facts = filter.needsTrace() ? TraceSummary.of(trace) : null;
            for (Span span : trace) {
                if (range.contains(span.startTimeUnixNano()) && TraceQlEvaluator.matches(filter, span, facts)) {
                    collect.accept(span);
                }
            }
        });
        return values.stream().limit(limit).toList();
    }

    private static void add(Collection<TagValue> values, AnyValue value) {
        TagValue tag = value == null ? null : TagValue.of(value);
        if (tag != null) {
            values.add(tag);
        }
    }
}
