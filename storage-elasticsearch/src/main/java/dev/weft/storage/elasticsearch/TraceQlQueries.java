package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import dev.weft.model.Resource;
import dev.weft.traceql.Attribute;
import dev.weft.traceql.Expr;
import dev.weft.traceql.Field;
import dev.weft.traceql.Intrinsic;
import dev.weft.traceql.Operator;
import dev.weft.traceql.Scope;
import dev.weft.traceql.Value;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.storage.elasticsearch.Documents.ATTRIBUTES;
import static dev.weft.storage.elasticsearch.Documents.DURATION;
import static dev.weft.storage.elasticsearch.Documents.KIND;
import static dev.weft.storage.elasticsearch.Documents.NAME;
import static dev.weft.storage.elasticsearch.Documents.RESOURCE_ATTRIBUTES;
import static dev.weft.storage.elasticsearch.Documents.SERVICE;
import static dev.weft.storage.elasticsearch.Documents.SPAN_ID;
import static dev.weft.storage.elasticsearch.Documents.STATUS_CODE;
import static dev.weft.storage.elasticsearch.Documents.STATUS_MESSAGE;
import static dev.weft.storage.elasticsearch.Documents.TRACE_ID;

/**
 * A TraceQL filter as a query on span documents that every span satisfying the filter matches
 * (a superset): exact for most conditions, looser where the index cannot say more, and never
 * stricter. {@link ElasticsearchTraceQlSearcher} evaluates the filter itself on what this finds,
 * so a looser condition costs reading more candidates, never a different answer.
 *
 * <p>Exact: string equality and inequality, booleans, status, kind, span duration, trace and span
 * ids, {@code resource.x} (its own flattened field), {@code .x} (the merged {@code attributes} field
 * holds the span's value, else the resource's, which is what {@code .x} means), and regular
 * expressions on intrinsics and {@code resource.service.name} that {@link LuceneRegexp} translates.
 * Looser: {@code span.x} (the merged field also holds values only the resource has), numeric
 * comparisons on attributes (flattened fields hold text), regular expressions on other attributes
 * (flattened fields refuse {@code regexp} queries) or outside the translated subset, {@code !~}, and
 * trace-level intrinsics (dropped by {@link Expr#spanLevel()}: they need the whole trace).
 * Attribute values are indexed as text, so a condition on an attribute also finds values of another
 * type with the same text ({@code "500"} for {@code 500}); the evaluation drops those.
 */
final class TraceQlQueries {

    /** 2^53: above it a long does not survive the conversion to double that float comparisons make. */
    private static final double EXACT_DOUBLE = 9_007_199_254_740_992.0;

    private TraceQlQueries() {
    }

    /** A query every span that satisfies the filter matches. */
    static Query candidates(Expr filter) {
        return translate(filter.spanLevel());
    }

    private static Query translate(Expr expr) {
        return switch (expr) {
            case Expr.All a -> Searches.all(List.of());
            case Expr.And(Expr l, Expr r) -> Query.of(q -> q.bool(b -> b.filter(translate(l), translate(r))));
            case Expr.Or(Expr l, Expr r) -> Query.of(q -> q.bool(b -> b.should(translate(l), translate(r)).minimumShouldMatch("1")));
            case Expr.Condition c -> c.field() == Intrinsic.DURATION ? duration(c.op(), c.value()) : condition(c);
        };
    }

    private static Query condition(Expr.Condition c) {
        String field = c.value() instanceof Value.Nil ? field(c.field()) : searchField(c.field());
        Operator op = c.op();
        return switch (c.value()) {
            case Value.Nil n -> op == Operator.NEQ ? exists(field)
                    : c.field() instanceof Attribute a && a.scope() == Scope.SPAN ? Searches.all(List.of()) : not(exists(field));
            case Value.Regex r -> {
                String lucene = op == Operator.REGEX ? LuceneRegexp.translate(r.pattern().pattern()) : null;
                boolean flattened = c.field() instanceof Attribute && !field.equals(SERVICE);
                yield lucene == null || flattened ? exists(field)
                        : Query.of(q -> q.regexp(x -> x.field(field).value(lucene).flags("NONE")));
            }
            case Value.Str(String s) -> text(op, field, List.of(s));
            case Value.Bool(boolean b) -> text(op, field, List.of(Boolean.toString(b)));
            case Value.StatusValue(var code) -> text(op, field, List.of(code.name()));
            case Value.KindValue(var kind) -> text(op, field, List.of(kind.name()));
            case Value.Int(long i) -> op == Operator.EQ ? Searches.terms(field, List.of(Long.toString(i), Double.toString(i))) : exists(field);
            case Value.Dur(long d) -> op == Operator.EQ ? Searches.terms(field, List.of(Long.toString(d), Double.toString(d))) : exists(field);
            case Value.Flt(double f) -> op == Operator.EQ && Math.abs(f) < EXACT_DOUBLE ? Searches.terms(field, floatTexts(f)) : exists(field);
            case Value.Opaque o -> exists(field);
        };
    }

    /**
     * The field to compare a value with: {@link #field}, except that {@code resource.service.name}
     * is the {@code service} keyword, which holds it on every span (or {@code unknown_service} where
     * it is absent, which only widens a match) and, unlike a flattened field, takes regular
     * expressions (flattened fields refuse {@code regexp} queries). Not for {@code nil}, which
     * {@code service} cannot tell.
     */
    private static String searchField(Field field) {
        return field instanceof Attribute a && a.scope() == Scope.RESOURCE && a.name().equals(Resource.SERVICE_NAME)
                ? SERVICE : field(field);
    }

    /** Equality as terms, inequality as "present and different"; other operators only require presence. */
    private static Query text(Operator op, String field, List<String> values) {
        return switch (op) {
            case EQ -> Searches.terms(field, values);
            case NEQ -> Query.of(q -> q.bool(b -> b.filter(exists(field)).mustNot(Searches.terms(field, values))));
            default -> exists(field);
        };
    }

    /** How an attribute holding this number reads as text ({@code AnyValue.asText}): as a double, or as a long when whole. */
    private static List<String> floatTexts(double f) {
        List<String> texts = new ArrayList<>(List.of(Double.toString(f)));
        if (f == Math.rint(f)) {
            texts.add(Long.toString((long) f));
        }
        return texts;
    }

    /** The span's duration, a long: exact for integers and durations, widened to whole nanoseconds for floats. */
    private static Query duration(Operator op, Value value) {
        long low = value instanceof Value.Flt(double f) ? (long) Math.floor(f) : number(value);
        long high = value instanceof Value.Flt(double f) ? (long) Math.ceil(f) : number(value);
        boolean whole = low == high;
        return switch (op) {
            case GT -> whole && low == Long.MAX_VALUE ? none() : Searches.range(DURATION, whole ? low + 1 : low, null);
            case GTE -> Searches.range(DURATION, low, null);
            case LT -> whole && high == Long.MIN_VALUE ? none() : Searches.range(DURATION, null, whole ? high - 1 : high);
            case LTE -> Searches.range(DURATION, null, high);
            case EQ -> Searches.range(DURATION, low, high);
            case NEQ -> whole ? not(Searches.range(DURATION, low, high)) : Searches.all(List.of());
            case REGEX, NOT_REGEX -> none();
        };
    }

    private static long number(Value value) {
        return value instanceof Value.Int(long i) ? i : ((Value.Dur) value).nanos();
    }

    /** The document field that holds a span-level field. */
    static String field(Field field) {
        return switch (field) {
            case Attribute a -> (a.scope() == Scope.RESOURCE ? RESOURCE_ATTRIBUTES : ATTRIBUTES) + "." + a.name();
            case Intrinsic i -> switch (i) {
                case NAME -> NAME;
                case STATUS -> STATUS_CODE;
                case STATUS_MESSAGE -> STATUS_MESSAGE;
                case KIND -> KIND;
                case SPAN_ID -> SPAN_ID;
                case TRACE_ID -> TRACE_ID;
                case DURATION -> DURATION;
                case TRACE_DURATION, ROOT_NAME, ROOT_SERVICE_NAME ->
                        throw new IllegalArgumentException(i + " is a trace-level field, not a span document's");
            };
        };
    }

    static Query exists(String field) {
        return Query.of(q -> q.exists(e -> e.field(field)));
    }

    static Query not(Query query) {
        return Query.of(q -> q.bool(b -> b.mustNot(query)));
    }

    private static Query none() {
        return Query.of(q -> q.matchNone(m -> m));
    }
}
