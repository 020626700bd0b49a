package dev.weft.query.params;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Grafana, Tempo, Jaeger and Prometheus users type them: Go's
 * {@code time.ParseDuration} syntax ({@code 250us}, {@code 1.5s}, {@code 1h30m}) plus
 * Prometheus' {@code d} and {@code w}, and a plain integer meaning nanoseconds, which is what
 * tools that already hold a span duration send.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d|w)");
    private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of(
            "ns", BigDecimal.ONE,
            "us", BigDecimal.valueOf(1_000L),
            "µs", BigDecimal.valueOf(1_000L),
            "ms", BigDecimal.valueOf(1_000_000L),
            "s", BigDecimal.valueOf(1_000_000_000L),
            "m", BigDecimal.valueOf(60_000_000_000L),
            "h", BigDecimal.valueOf(3_600_000_000_000L),
            "d", BigDecimal.valueOf(86_400_000_000_000L),
            "w", BigDecimal.valueOf(604_800_000_000_000L));
    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    /** Units a duration is written in, largest first; weeks left out, since 14d reads better than 2w. */
    private static final List<String> FORMAT_UNITS = List.of("d", "h", "m", "s", "ms", "us", "ns");

    private Durations() {
    }

    /**
     * The duration in nanoseconds, fractions of a nanosecond truncated as Go does. Throws
     * {@link IllegalArgumentException} with the reason for text that is not a non-negative
     * duration or does not fit in a {@code long}.
     */
    public static long parseNanos(String text) {
        BigDecimal total;
        if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
            total = new BigDecimal(text);
        } else {
            total = BigDecimal.ZERO;
            Matcher part = PART.matcher(text);
            int position = 0;
            do {
                if (!part.region(position, text.length()).lookingAt()) {
                    throw new IllegalArgumentException(
                            "'" + text + "' is not a duration such as 250ms, 1.5s, 2m or a number of nanoseconds");
                }
                total = total.add(new BigDecimal(part.group(1)).multiply(NANOS_PER_UNIT.get(part.group(2))));
                position = part.end();
            } while (position < text.length());
        }
        if (total.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return total.setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /**
     * A non-negative duration the way {@link #parseNanos} reads it and people write it: its
     * non-zero parts from days down to nanoseconds, such as {@code 31d} or {@code 1d2h30m}.
     */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long rest = nanos;
        for (String unit : FORMAT_UNITS) {
            long perUnit = NANOS_PER_UNIT.get(unit).longValueExact();
            if (rest >= perUnit) {
                text.append(rest / perUnit).append(unit);
                rest %= perUnit;
            }
        }
        return text.toString();
    }
}
