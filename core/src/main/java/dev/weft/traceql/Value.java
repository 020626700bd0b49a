package dev.weft.traceql;

import dev.weft.model.AnyValue;
import dev.weft.model.SpanKind;
import dev.weft.model.StatusCode;

import java.util.regex.Pattern;

/**
 * A value in a condition, or the value a field has on a span. Types follow TraceQL: a condition
 * compares only values of matching types (any two numbers match; durations are numbers of
 * nanoseconds), and a mismatch is simply false, as in Tempo.
 */
public sealed interface Value {

    record Str(String value) implements Value {
    }

    record Int(long value) implements Value {
    }

    record Flt(double value) implements Value {
    }

    record Dur(long nanos) implements Value {
    }

    record Bool(boolean value) implements Value {
    }

    record StatusValue(StatusCode code) implements Value {
    }

    record KindValue(SpanKind kind) implements Value {
    }

    /** {@code nil}: the attribute is absent; also what an absent attribute resolves to. */
    record Nil() implements Value {
    }

    /**
     * The operand of {@code =~} and {@code !~}, compiled once. It matches the whole value, as
     * Tempo's regular expressions do; equality is by pattern text, so parsed queries compare.
     */
    record Regex(Pattern pattern) implements Value {

        @Override
        public boolean equals(Object o) {
            return o instanceof Regex r && r.pattern.pattern().equals(pattern.pattern());
        }

        @Override
        public int hashCode() {
            return pattern.pattern().hashCode();
        }
    }

    /** An attribute that exists but holds bytes, an array or a map, which TraceQL does not compare. */
    record Opaque() implements Value {
    }

    Nil NIL = new Nil();

    default boolean isNumeric() {
        return this instanceof Int || this instanceof Flt || this instanceof Dur;
    }

    /** The attribute value as TraceQL sees it. */
    static Value of(AnyValue value) {
        return switch (value) {
            case AnyValue.Str s -> new Str(s.value());
            case AnyValue.Int i -> new Int(i.value());
            case AnyValue.Dbl d -> new Flt(d.value());
            case AnyValue.Bool b -> new Bool(b.value());
            case AnyValue.Empty e -> new Opaque();
            case AnyValue.Bytes b -> new Opaque();
            case AnyValue.Array a -> new Opaque();
            case AnyValue.KvList kv -> new Opaque();
        };
    }
}
