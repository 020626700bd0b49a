package dev.weft.query.json;

import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Resource;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value conventions every Weft JSON document shares. Values map to the JSON a person
 * would write by hand rather than OTLP/JSON's {@code {"stringValue": ...}} wrappers, but never
 * at the cost of precision: JavaScript clients (Grafana among them) read numbers as doubles,
 * so 64-bit integers become strings once they exceed 2^53, and nanosecond times, which always
 * do, are always strings.
 */
public final class JsonValues {

    /** The largest magnitude a double, and so a JavaScript number, holds exactly. */
    static final long MAX_SAFE_INTEGER = 1L << 53;

    private JsonValues() {
    }

    /** Unix nanoseconds or a duration in nanoseconds, as a string. */
    public static String nanos(long nanos) {
        return Long.toString(nanos);
    }

    /** A 64-bit integer: a number while a double holds it exactly, a string beyond. */
    public static Object int64(long value) {
        return value >= -MAX_SAFE_INTEGER && value <= MAX_SAFE_INTEGER ? value : Long.toString(value);
    }

    /** A measurement sent as a {@code Long} or a {@code Double}, keeping which it was. */
    public static Object number(Number value) {
        return value instanceof Long l ? int64(l) : value;
    }

    /**
     * An attribute or body value: strings, booleans and doubles as themselves, ints by
     * {@link #int64}, bytes as base64, arrays as arrays, kvlists as objects, and an empty value
     * as null.
     */
    public static Object value(AnyValue value) {
        return switch (value) {
            case AnyValue.Empty e -> null;
            case AnyValue.Str s -> s.value();
            case AnyValue.Bool b -> b.value();
            case AnyValue.Int i -> int64(i.value());
            case AnyValue.Dbl d -> d.value();
            case AnyValue.Bytes b -> Base64.getEncoder().encodeToString(b.value());
            case AnyValue.Array a -> a.values().stream().map(JsonValues::value).toList();
            case AnyValue.KvList kv -> attributes(kv.values());
        };
    }

    /** Attributes as an object, in the order they were sent. */
    public static Map<String, Object> attributes(Attributes attributes) {
        Map<String, Object> json = new LinkedHashMap<>();
        attributes.asMap().forEach((key, value) -> json.put(key, value(value)));
        return json;
    }

    /**
     * Resource attributes as an object that always has {@code service.name}, defaulted as the
     * SDKs do, so that a client can group by service without knowing the default.
     */
    public static Map<String, Object> resource(Resource resource) {
        Map<String, Object> json = attributes(resource.attributes());
        json.putIfAbsent(Resource.SERVICE_NAME, resource.serviceName());
        return json;
    }

    /** 64-bit counts, each by {@link #int64}. */
    static List<Object> int64s(List<Long> values) {
        return values.stream().map(JsonValues::int64).toList();
    }
}
