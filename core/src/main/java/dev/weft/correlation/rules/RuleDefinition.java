package dev.weft.correlation.rules;

import dev.weft.correlation.ledger.MatchPolicy;
import dev.weft.model.AnyValue;
import dev.weft.model.Span;
import dev.weft.model.SpanKind;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A user-defined rule as it is written in configuration or posted to the API:
 * <pre>{"name": "order-id",
 *  "producer": {"where": {"kind": "PRODUCER", "messaging.destination.name": "orders"}, "key": ["order.id"]},
 *  "consumer": {"where": {"kind": "CONSUMER"}, "key": ["order.id"]},
 *  "window": "PT1H"}</pre>
 * {@code where} holds equality conditions (a list means any of) on {@code kind}, {@code name},
 * {@code service.name} and span or resource attributes; {@code key} names the attributes whose
 * values, joined, form the key; an array value yields one key per element.
 *
 * @param window an ISO-8601 duration; null means the built-in rules' window
 */
public record RuleDefinition(String name, SideSpec producer, SideSpec consumer, String window) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public record SideSpec(Map<String, Object> where, List<String> key) {
    }

    /** Checks the definition and builds the rule; every problem is an error message naming the field. */
    public CorrelationRule compile(long defaultWindowNanos) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRuleException("name: must be 1-63 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        if (BuiltInRules.NAMES.contains(name)) {
            throw new InvalidRuleException("name: '" + name + "' is a built-in rule");
        }
        Predicate<Span> producerWhere = where("producer", producer);
        Predicate<Span> consumerWhere = where("consumer", consumer);
        List<String> producerKey = key("producer", producer);
        List<String> consumerKey = key("consumer", consumer);
        if (producerKey.size() != consumerKey.size()) {
            throw new InvalidRuleException("consumer.key: must name as many attributes as producer.key ("
                    + producerKey.size() + ")");
        }
        MatchPolicy policy = new MatchPolicy(windowNanos(defaultWindowNanos), false);
        return new KeyedRule(name, policy,
                span -> producerWhere.test(span) ? keys(span, producerKey) : List.of(),
                span -> consumerWhere.test(span) ? keys(span, consumerKey) : List.of());
    }

    private long windowNanos(long defaultWindowNanos) {
        if (window == null) {
            return defaultWindowNanos;
        }
        try {
            Duration duration = Duration.parse(window);
            if (duration.isNegative() || duration.isZero()) {
                throw new InvalidRuleException("window: must be positive, got " + window);
            }
            return duration.toNanos();
        } catch (DateTimeParseException e) {
            throw new InvalidRuleException("window: '" + window + "' is not an ISO-8601 duration such as PT1H or PT30S");
        }
    }

    private static Predicate<Span> where(String side, SideSpec spec) {
        if (spec == null) {
            throw new InvalidRuleException(side + ": is required");
        }
        Predicate<Span> all = span -> true;
        if (spec.where() == null) {
            return all;
        }
        for (Map.Entry<String, Object> condition : spec.where().entrySet()) {
            String field = side + ".where." + condition.getKey();
            List<String> accepted = values(field, condition.getValue());
            all = all.and(condition(field, condition.getKey(), accepted));
        }
        return all;
    }

    private static Predicate<Span> condition(String field, String key, List<String> accepted) {
        return switch (key) {
            case "kind" -> {
                for (String kind : accepted) {
                    if (Arrays.stream(SpanKind.values()).noneMatch(k -> k.name().equals(kind.toUpperCase(Locale.ROOT)))) {
                        throw new InvalidRuleException(field + ": '" + kind + "' is not a span kind (SERVER, CLIENT, PRODUCER, CONSUMER, INTERNAL)");
                    }
                }
                List<String> kinds = accepted.stream().map(k -> k.toUpperCase(Locale.ROOT)).toList();
                yield span -> kinds.contains(span.kind().name());
            }
            case "name" -> span -> accepted.contains(span.name());
            case "service.name" -> span -> accepted.contains(span.serviceName());
            default -> span -> accepted.contains(span.attributeText(key));
        };
    }

    private static List<String> values(String field, Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return List.of(value.toString());
        }
        if (value instanceof List<?> list && !list.isEmpty()) {
            List<String> out = new ArrayList<>();
            for (Object v : list) {
                out.addAll(values(field, v));
            }
            return out;
        }
        throw new InvalidRuleException(field + ": must be a string, a number, a boolean or a non-empty list of them");
    }

    private static List<String> key(String side, SideSpec spec) {
        if (spec.key() == null || spec.key().isEmpty() || spec.key().stream().anyMatch(k -> k == null || k.isBlank())) {
            throw new InvalidRuleException(side + ".key: must list one or more attribute names");
        }
        return List.copyOf(spec.key());
    }

    /** The joined values of the key attributes; an array value multiplies the keys, a missing one yields none. */
    private static List<String> keys(Span span, List<String> attributes) {
        List<String> keys = null;
        for (String attribute : attributes) {
            AnyValue value = span.attributes().get(attribute);
            if (value == null) {
                value = span.resource().attributes().get(attribute);
            }
            if (value == null) {
                return List.of();
            }
            List<String> parts = value instanceof AnyValue.Array array
                    ? array.values().stream().map(AnyValue::asText).toList() : List.of(value.asText());
            if (keys == null) {
                keys = parts;
                continue;
            }
            List<String> next = new ArrayList<>(keys.size() * parts.size());
            for (String prefix : keys) {
                for (String part : parts) {
                    next.add(prefix + "|" + part);
                }
            }
            keys = next;
        }
        return keys;
    }
}
