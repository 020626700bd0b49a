package dev.weft.traceql;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The condition inside a spanset filter {@code {...}}: it holds for one span at a time, and a
 * trace matches when one of its spans satisfies it.
 */
public sealed interface Expr {

    /** {@code {}}: every span. */
    record All() implements Expr {
    }

    record And(Expr left, Expr right) implements Expr {
    }

    record Or(Expr left, Expr right) implements Expr {
    }

    /** {@code field op value}; the parser has checked that the value suits the field and operator. */
    record Condition(Field field, Operator op, Value value) implements Expr {
    }

    All ALL = new All();

    /** The fields the conditions name, in query order: search results show these on each matched span. */
    default Set<Field> fields() {
        Set<Field> fields = new LinkedHashSet<>();
        collectFields(this, fields);
        return fields;
    }

    /** True when a condition needs the whole trace (its root or duration), not just the span. */
    default boolean needsTrace() {
        return fields().stream().anyMatch(Field::traceLevel);
    }

    /**
     * The same filter with every trace-level condition replaced by "true": a filter on spans alone
     * that every span matching this one also matches. Storage pre-selects candidates with it, then
     * evaluates the full filter on the candidates' traces.
     */
    default Expr spanLevel() {
        return switch (this) {
            case All a -> a;
            case Condition c -> c.field().traceLevel() ? ALL : c;
            case And(Expr l, Expr r) -> and(l.spanLevel(), r.spanLevel());
            case Or(Expr l, Expr r) -> {
                Expr left = l.spanLevel();
                Expr right = r.spanLevel();
                yield left instanceof All || right instanceof All ? ALL : new Or(left, right);
            }
        };
    }

    private static Expr and(Expr left, Expr right) {
        return left instanceof All ? right : right instanceof All ? left : new And(left, right);
    }

    private static void collectFields(Expr expr, Set<Field> into) {
        switch (expr) {
            case All a -> {
            }
            case Condition c -> into.add(c.field());
            case And(Expr l, Expr r) -> {
                collectFields(l, into);
                collectFields(r, into);
            }
            case Or(Expr l, Expr r) -> {
                collectFields(l, into);
                collectFields(r, into);
            }
        }
    }
}
