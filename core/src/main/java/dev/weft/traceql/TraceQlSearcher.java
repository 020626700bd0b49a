package dev.weft.traceql;

import dev.weft.storage.TimeRange;

import java.util.List;

/**
 * TraceQL over stored spans, and the tag names and values a query builder offers. Every storage
 * must answer as {@link TraceQlEvaluator} defines: the memory storage evaluates it directly, others
 * pre-select candidates in their own query language and evaluate the filter on them.
 */
public interface TraceQlSearcher {

    /** Traces with a span that satisfies the filter and starts inside the range, {@link TraceQlMatch#NEWEST_FIRST}. */
    List<TraceQlMatch> search(TraceQlSearch search);

    /** Attribute keys of spans that start inside the range, per scope, each sorted and at most {@code limit}. */
    TagNames tagNames(TimeRange range, int limit);

    /**
     * The distinct values of an attribute, or of the string intrinsics {@code name},
     * {@code statusMessage}, {@code rootName} and {@code rootServiceName}, among the spans that
     * start inside the range and satisfy the filter; sorted by type, then value; at most
     * {@code limit}. Other intrinsics have no stored values to list: empty.
     */
    List<TagValue> tagValues(Field field, Expr filter, TimeRange range, int limit);

    /** Attribute keys by the scope they were found in. */
    record TagNames(List<String> resource, List<String> span) {

        public TagNames {
            resource = List.copyOf(resource);
            span = List.copyOf(span);
        }
    }
}
