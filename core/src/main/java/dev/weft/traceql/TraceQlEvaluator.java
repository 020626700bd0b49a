package dev.weft.traceql;

import dev.weft.model.AnyValue;
import dev.weft.model.Span;
import dev.weft.storage.TimeRange;
import dev.weft.storage.TraceSummary;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The reference semantics of TraceQL in Weft, after Tempo's: the conditions of a spanset filter
 * hold for one span; {@code .x} is the span's attribute, else its resource's; a comparison of
 * mismatched types, or with an absent attribute, is false (only {@code = nil} holds for an absent
 * one); regular expressions match the whole value; trace-level intrinsics ({@code traceDuration},
 * {@code rootName}, {@code rootServiceName}) read the trace's root and extent as
 * {@link TraceSummary} defines them, so that they agree with every other trace listing.
 */
public final class TraceQlEvaluator {

    private TraceQlEvaluator() {
    }

    /**
     * The match of one trace: its spans that satisfy the filter and start inside the range, or
     * empty when there is none.
     *
     * @param spansPerSpanSet how many matching spans to keep, earliest first; all count in {@code matched}
     */
    public static Optional<TraceQlMatch> match(Expr filter, Collection<Span> trace, TimeRange range, int spansPerSpanSet) {
        TraceSummary facts = filter.needsTrace() && !trace.isEmpty() ? TraceSummary.of(trace) : null;
        List<Span> matching = trace.stream()
                .filter(span -> range.contains(span.startTimeUnixNano()) && matches(filter, span, facts))
                .sorted(Comparator.comparingLong(Span::startTimeUnixNano).thenComparing(Span::spanId))
                .toList();
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        TraceSummary summary = facts != null ? facts : TraceSummary.of(trace);
        Map<String, TraceQlMatch.ServiceStats> stats = new TreeMap<>();
        for (Span span : trace) {
            stats.merge(span.serviceName(), new TraceQlMatch.ServiceStats(1, span.status().isError() ? 1 : 0),
                    TraceQlMatch.ServiceStats::plus);
        }
        return Optional.of(new TraceQlMatch(summary, matching.subList(0, Math.min(spansPerSpanSet, matching.size())),
                matching.size(), stats));
    }

    /** Whether one span satisfies the filter; {@code trace} may be null when the filter has no trace-level field. */
    public static boolean matches(Expr filter, Span span, TraceSummary trace) {
        return switch (filter) {
            case Expr.All a -> true;
            case Expr.And(Expr l, Expr r) -> matches(l, span, trace) && matches(r, span, trace);
            case Expr.Or(Expr l, Expr r) -> matches(l, span, trace) || matches(r, span, trace);
            case Expr.Condition c -> compare(resolve(c.field(), span, trace), c.op(), c.value());
        };
    }

    /** The value a field has on a span; {@link Value.Nil} for an absent attribute. */
    public static Value resolve(Field field, Span span, TraceSummary trace) {
        return switch (field) {
            case Attribute a -> {
                AnyValue value = attribute(a, span);
                yield value == null ? Value.NIL : Value.of(value);
            }
            case Intrinsic i -> switch (i) {
                case DURATION -> new Value.Dur(span.durationNanos());
                case NAME -> new Value.Str(span.name());
                case STATUS -> new Value.StatusValue(span.status().code());
                case STATUS_MESSAGE -> new Value.Str(span.status().message());
                case KIND -> new Value.KindValue(span.kind());
                case SPAN_ID -> new Value.Str(span.spanId());
                case TRACE_ID -> new Value.Str(span.traceId());
                case TRACE_DURATION -> new Value.Dur(trace.durationNanos());
                case ROOT_NAME -> new Value.Str(trace.rootName());
                case ROOT_SERVICE_NAME -> new Value.Str(trace.rootServiceName());
            };
        };
    }

    /** The attribute's value on the span, null when absent; {@code .x} is the span's, else its resource's. */
    public static AnyValue attribute(Attribute attribute, Span span) {
        AnyValue own = span.attributes().get(attribute.name());
        return switch (attribute.scope()) {
            case SPAN -> own;
            case RESOURCE -> span.resource().attributes().get(attribute.name());
            case ANY -> own != null ? own : span.resource().attributes().get(attribute.name());
        };
    }

    static boolean compare(Value actual, Operator op, Value expected) {
        if (expected instanceof Value.Nil) {
            return (actual instanceof Value.Nil) == (op == Operator.EQ);
        }
        if (expected instanceof Value.Regex(var pattern)) {
            return actual instanceof Value.Str(String s) && pattern.matcher(s).matches() == (op == Operator.REGEX);
        }
        if (actual.isNumeric() && expected.isNumeric()) {
            return compareNumbers(actual, op, expected);
        }
        if (actual instanceof Value.Str(String a) && expected instanceof Value.Str(String e)) {
            return holds(op, a.compareTo(e));
        }
        boolean sameKind = actual instanceof Value.Bool || actual instanceof Value.StatusValue || actual instanceof Value.KindValue;
        if (sameKind && actual.getClass() == expected.getClass()) {
            return op == Operator.EQ ? actual.equals(expected) : op == Operator.NEQ && !actual.equals(expected);
        }
        return false;
    }

    private static boolean holds(Operator op, int comparison) {
        return switch (op) {
            case EQ -> comparison == 0;
            case NEQ -> comparison != 0;
            case GT -> comparison > 0;
            case GTE -> comparison >= 0;
            case LT -> comparison < 0;
            case LTE -> comparison <= 0;
            case REGEX, NOT_REGEX -> false;
        };
    }

    /** Integers (and durations) exactly; against a float, as doubles, as Tempo does. NaN equals nothing. */
    private static boolean compareNumbers(Value a, Operator op, Value b) {
        if (!(a instanceof Value.Flt) && !(b instanceof Value.Flt)) {
            return holds(op, Long.compare(asLong(a), asLong(b)));
        }
        double x = asDouble(a);
        double y = asDouble(b);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return op == Operator.NEQ;
        }
        return holds(op, x < y ? -1 : x > y ? 1 : 0);
    }

    private static long asLong(Value v) {
        return v instanceof Value.Int(long i) ? i : ((Value.Dur) v).nanos();
    }

    private static double asDouble(Value v) {
        return v instanceof Value.Flt(double f) ? f : asLong(v);
    }
}
