package dev.weft.traceql;

import dev.weft.model.AnyValue;

import java.util.Comparator;

/**
 * A value a tag takes, with its TraceQL type ({@code string}, {@code int}, {@code float},
 * {@code bool}, or {@code keyword} for status and kind), which decides how a query builder
 * quotes it.
 */
public record TagValue(String type, String value) {

    public static final Comparator<TagValue> ORDER = Comparator.comparing(TagValue::type).thenComparing(TagValue::value);

    /**
     * The tag value of an attribute value, with the text its storage form has
     * ({@link AnyValue#asText()}); null for bytes, arrays, maps and empty values, which TraceQL
     * does not compare and so offers no value of.
     */
    public static TagValue of(AnyValue value) {
        String type = typeOf(value);
        return type == null ? null : new TagValue(type, value.asText());
    }

    /** The TraceQL type name of an attribute value, or null when it has none. */
    public static String typeOf(AnyValue value) {
        return switch (value) {
            case AnyValue.Str s -> "string";
            case AnyValue.Int i -> "int";
            case AnyValue.Dbl d -> "float";
            case AnyValue.Bool b -> "bool";
            default -> null;
        };
    }
}
