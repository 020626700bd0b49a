package dev.weft.model;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An attribute or log-body value, the OTLP {@code AnyValue} with every variant kept so that
 * a value sent in comes back out unchanged (an int stays an int, bytes stay bytes).
 */
public sealed interface AnyValue {

    /** An {@code AnyValue} with no variant set; OTLP allows it and we must return it as sent. */
    record Empty() implements AnyValue {
        public static final Empty INSTANCE = new Empty();
    }

    record Str(String value) implements AnyValue {
    }

    record Bool(boolean value) implements AnyValue {
    }

    record Int(long value) implements AnyValue {
    }

    record Dbl(double value) implements AnyValue {
    }

    /** Bytes; the array is copied in and out because records cannot make arrays immutable. */
    record Bytes(byte[] value) implements AnyValue {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    record Array(List<AnyValue> values) implements AnyValue {
        public Array {
            values = List.copyOf(values);
        }
    }

    record KvList(Attributes values) implements AnyValue {
    }

    static AnyValue of(String value) {
        return new Str(value);
    }

    static AnyValue of(long value) {
        return new Int(value);
    }

    static AnyValue of(boolean value) {
        return new Bool(value);
    }

    static AnyValue of(double value) {
        return new Dbl(value);
    }

    /**
     * The value as text, for matching query filters and keys: scalars as Java prints them,
     * bytes as hex, arrays and maps in a bracketed form.
     */
    default String asText() {
        return switch (this) {
            case Empty e -> "";
            case Str s -> s.value();
            case Bool b -> Boolean.toString(b.value());
            case Int i -> Long.toString(i.value());
            case Dbl d -> Double.toString(d.value());
            case Bytes b -> HexFormat.of().formatHex(b.value);
            case Array a -> a.values().stream().map(AnyValue::asText).toList().toString();
            case KvList kv -> kv.values().asMap().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue().asText())
                    .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
        };
    }
}
