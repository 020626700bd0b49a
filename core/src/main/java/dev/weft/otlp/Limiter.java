package dev.weft.otlp;

import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.InstrumentationScope;
import dev.weft.model.LogRecord;
import dev.weft.model.Resource;
import dev.weft.model.Span;
import dev.weft.model.SpanEvent;
import dev.weft.model.SpanLink;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link IngestLimits} to one request while it is decoded, counting every attribute it
 * drops or cuts. Attributes are cut on the decoded, valid item, so that an item rejected for
 * another reason adds nothing to the count, and an item within the limits comes back as the
 * same instance, without a copy. One instance per request.
 */
final class Limiter {

    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

    private final IngestLimits limits;
    private final boolean cutsAttributes;
    private final long nowNanos;
    /** The accepted window of item times, in unsigned Unix nanoseconds as OTLP's fixed64 is. */
    private final long oldest;
    private final long newest;
    private final boolean pastBounded;
    private final boolean futureBounded;
    private long admitted;
    private long excess;
    private long truncations;

    Limiter(IngestLimits limits, long nowNanos) {
        this.limits = limits;
        this.cutsAttributes = limits.maxAttributesPerItem() != Integer.MAX_VALUE
                || limits.maxAttributeValueLength() != Integer.MAX_VALUE;
        this.nowNanos = nowNanos;
        this.pastBounded = limits.maxPast().compareTo(MAX_NANOS) <= 0;
        this.futureBounded = limits.maxFuture().compareTo(MAX_NANOS) <= 0;
        long past = pastBounded ? limits.maxPast().toNanos() : 0;
        this.oldest = past >= nowNanos ? 0 : nowNanos - past;
        // Both terms are at most Long.MAX_VALUE, so the unsigned sum cannot overflow.
        this.newest = futureBounded ? nowNanos + limits.maxFuture().toNanos() : -1L;
    }

    /** How many of the next {@code count} items fit in the request's limit; the others are counted as excess. */
    int admit(int count) {
        long fit = Math.min(count, Math.max(0, limits.maxItemsPerRequest() - admitted));
        admitted += fit;
        excess += count - fit;
        return (int) fit;
    }

    int maxItems() {
        return limits.maxItemsPerRequest();
    }

    long excess() {
        return excess;
    }

    long truncations() {
        return truncations;
    }

    /** Why an item's time lies outside the window around the time received, or null when it does not. */
    String timeError(long unixNano, String field) {
        if (pastBounded && Long.compareUnsigned(unixNano, oldest) < 0) {
            return field + " " + instant(unixNano) + " is more than " + limits.maxPast()
                    + " before the time the request was received, " + instant(nowNanos);
        }
        if (futureBounded && Long.compareUnsigned(unixNano, newest) > 0) {
            return field + " " + instant(unixNano) + " is more than " + limits.maxFuture()
                    + " after the time the request was received, " + instant(nowNanos);
        }
        return null;
    }

    Resource limit(Resource r) {
        Attributes attributes = limit(r.attributes());
        return attributes == r.attributes() ? r
                : new Resource(attributes, dropped(r.attributes(), r.droppedAttributesCount()), r.schemaUrl());
    }

    InstrumentationScope limit(InstrumentationScope s) {
        Attributes attributes = limit(s.attributes());
        return attributes == s.attributes() ? s : new InstrumentationScope(s.name(), s.version(), attributes,
                dropped(s.attributes(), s.droppedAttributesCount()), s.schemaUrl());
    }

    Span limit(Span s) {
        if (!cutsAttributes) {
            return s;
        }
        Attributes attributes = limit(s.attributes());
        boolean changed = attributes != s.attributes();
        List<SpanEvent> events = new ArrayList<>(s.events().size());
        for (SpanEvent e : s.events()) {
            Attributes limited = limit(e.attributes());
            changed |= limited != e.attributes();
            events.add(limited == e.attributes() ? e : new SpanEvent(e.timeUnixNano(), e.name(), limited,
                    dropped(e.attributes(), e.droppedAttributesCount())));
        }
        List<SpanLink> links = new ArrayList<>(s.links().size());
        for (SpanLink l : s.links()) {
            Attributes limited = limit(l.attributes());
            changed |= limited != l.attributes();
            links.add(limited == l.attributes() ? l : new SpanLink(l.traceId(), l.spanId(), l.traceState(), limited,
                    dropped(l.attributes(), l.droppedAttributesCount()), l.flags()));
        }
        return !changed ? s : new Span(s.traceId(), s.spanId(), s.traceState(), s.parentSpanId(), s.flags(), s.name(),
                s.kind(), s.startTimeUnixNano(), s.endTimeUnixNano(), attributes,
                dropped(s.attributes(), s.droppedAttributesCount()), events, s.droppedEventsCount(), links,
                s.droppedLinksCount(), s.status(), s.resource(), s.scope());
    }

    LogRecord limit(LogRecord l) {
        Attributes attributes = limit(l.attributes());
        return attributes == l.attributes() ? l : new LogRecord(l.timeUnixNano(), l.observedTimeUnixNano(),
                l.severityNumber(), l.severityText(), l.body(), attributes,
                dropped(l.attributes(), l.droppedAttributesCount()), l.flags(), l.traceId(), l.spanId(), l.eventName(),
                l.resource(), l.scope());
    }

    /**
     * The first attributes up to the limit, with their values cut to length, every cut counted;
     * the same instance when nothing needs cutting.
     */
    private Attributes limit(Attributes attributes) {
        if (fits(attributes)) {
            return attributes;
        }
        Map<String, AnyValue> kept = new LinkedHashMap<>();
        for (Map.Entry<String, AnyValue> attribute : attributes.asMap().entrySet()) {
            if (kept.size() == limits.maxAttributesPerItem()) {
                break;
            }
            kept.put(attribute.getKey(), shorten(attribute.getValue()));
        }
        truncations += attributes.size() - kept.size();
        return Attributes.of(kept);
    }

    private boolean fits(Attributes attributes) {
        if (!cutsAttributes || attributes.isEmpty()) {
            return true;
        }
        if (attributes.size() > limits.maxAttributesPerItem()) {
            return false;
        }
        for (AnyValue value : attributes.asMap().values()) {
            if (!fits(value)) {
                return false;
            }
        }
        return true;
    }

    private boolean fits(AnyValue value) {
        return switch (value) {
            case AnyValue.Str s -> s.value().length() <= limits.maxAttributeValueLength();
            case AnyValue.Bytes b -> b.value().length <= limits.maxAttributeValueLength();
            case AnyValue.Array a -> a.values().stream().allMatch(this::fits);
            case AnyValue.KvList kv -> kv.values().asMap().values().stream().allMatch(this::fits);
            default -> true;
        };
    }

    /**
     * The dropped-attributes count the item had plus those dropped here, as OTLP's uint32 (which
     * Java holds in an int), saturating rather than wrapping around.
     */
    private int dropped(Attributes attributes, int alreadyDropped) {
        long total = Integer.toUnsignedLong(alreadyDropped)
                + Math.max(0, attributes.size() - limits.maxAttributesPerItem());
        return (int) Math.min(total, 0xFFFF_FFFFL);
    }

    private AnyValue shorten(AnyValue value) {
        int max = limits.maxAttributeValueLength();
        return switch (value) {
            case AnyValue.Str s when s.value().length() > max -> {
                truncations++;
                // Never leave half of a surrogate pair at the end.
                int end = max > 0 && Character.isHighSurrogate(s.value().charAt(max - 1)) ? max - 1 : max;
                yield new AnyValue.Str(s.value().substring(0, end));
            }
            case AnyValue.Bytes b when b.value().length > max -> {
                truncations++;
                yield new AnyValue.Bytes(Arrays.copyOf(b.value(), max));
            }
            case AnyValue.Array a when !fits(a) -> {
                List<AnyValue> values = new ArrayList<>(a.values().size());
                a.values().forEach(v -> values.add(shorten(v)));
                yield new AnyValue.Array(values);
            }
            case AnyValue.KvList kv when !fits(kv) -> {
                Map<String, AnyValue> values = new LinkedHashMap<>();
                kv.values().asMap().forEach((k, v) -> values.put(k, shorten(v)));
                yield new AnyValue.KvList(Attributes.of(values));
            }
            default -> value;
        };
    }

    /** A time for a message; OTLP times are unsigned, so one past 2262 still reads right. */
    private static String instant(long unixNano) {
        return Instant.ofEpochSecond(Long.divideUnsigned(unixNano, 1_000_000_000L),
                Long.remainderUnsigned(unixNano, 1_000_000_000L)).toString();
    }
}
