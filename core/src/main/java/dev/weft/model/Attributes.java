package dev.weft.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, insertion-ordered set of key/value attributes. Order is kept so that what a
 * client sent is what it reads back.
 */
public final class Attributes {

    private static final Attributes EMPTY = new Attributes(Map.of());

    private final Map<String, AnyValue> values;

    private Attributes(Map<String, AnyValue> values) {
        this.values = values;
    }

    public static Attributes empty() {
        return EMPTY;
    }

    public static Attributes of(Map<String, AnyValue> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        return new Attributes(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    public static Attributes of(String key, AnyValue value) {
        return new Attributes(Map.of(key, value));
    }

    public AnyValue get(String key) {
        return values.get(key);
    }

    /** The value's text, or null when the key is absent. */
    public String getText(String key) {
        AnyValue value = values.get(key);
        return value == null ? null : value.asText();
    }

    public Map<String, AnyValue> asMap() {
        return values;
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
