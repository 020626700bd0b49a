package dev.weft.query.params;

import dev.weft.model.StatusCode;
import dev.weft.model.TraceIds;
import dev.weft.storage.TimeRange;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns raw request parameters into query values, reporting every problem as an
 * {@link InvalidParameterException} that names the parameter. An absent or blank parameter
 * means "no condition": Grafana and curl scripts often send {@code service=} for "any".
 */
public final class QueryParameters {

    /** OTLP severity short names: TRACE=1, DEBUG=5, INFO=9, WARN=13, ERROR=17, FATAL=21, optionally 2-4 above. */
    private static final List<String> SEVERITY_NAMES = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");
    private static final Pattern SEVERITY_NAME = Pattern.compile("(" + String.join("|", SEVERITY_NAMES) + ")([234]?)");

    private QueryParameters() {
    }

    /** The value, or null when it is absent or blank. */
    public static String text(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A trace id of 1 to 32 hex digits, left-padded to 32; null when absent. */
    public static String traceId(String parameter, String value) {
        return parse(parameter, value, TraceIds::normalizeTraceId);
    }

    /** A span id of 1 to 16 hex digits, left-padded to 16; null when absent. */
    public static String spanId(String parameter, String value) {
        return parse(parameter, value, TraceIds::normalizeSpanId);
    }

    /** A duration in nanoseconds as {@link Durations} reads it; null when absent. */
    public static Long duration(String parameter, String value) {
        return parse(parameter, value, Durations::parseNanos);
    }

    /** A maximum duration as {@link #duration} reads it, rejecting one below the minimum {@code min}. */
    public static Long maxDuration(String parameter, String value, Long min) {
        Long max = duration(parameter, value);
        if (max != null && min != null && max < min) {
            throw new InvalidParameterException(parameter, "must not be below the minimum duration");
        }
        return max;
    }

    /**
     * The inclusive range between {@code start} and {@code end} as {@link Timestamps} reads them,
     * open-ended on a side that is absent; given both, at most {@code maxWindow} long.
     */
    public static TimeRange timeRange(String start, String end, Duration maxWindow) {
        Long from = parse("start", start, Timestamps::parseUnixNanos);
        Long to = parse("end", end, Timestamps::parseUnixNanos);
        long startNanos = from == null ? TimeRange.ALL.startUnixNano() : from;
        long endNanos = to == null ? TimeRange.ALL.endUnixNano() : to;
        if (endNanos < startNanos) {
            throw new InvalidParameterException("end", "must not be before start");
        }
        if (from != null && to != null) {
            requireWindow("start", "start and end", endNanos - startNanos, maxWindow);
        }
        return new TimeRange(startNanos, endNanos);
    }

    /**
     * Refuses a time range longer than {@code max} ({@code weft.query.max-search-window}), naming
     * the parameter that widens it and all those that set it, with both lengths.
     */
    public static void requireWindow(String parameter, String setBy, long windowNanos, Duration max) {
        if (Duration.ofNanos(windowNanos).compareTo(max) > 0) {
            throw new InvalidParameterException(parameter, "the window set by " + setBy + " is "
                    + Durations.format(windowNanos) + ", more than the maximum of " + Durations.format(max.toNanos())
                    + " (weft.query.max-search-window)");
        }
    }

    /** The number of results to return: the default when absent, else 1 to {@code max}. */
    public static int limit(String value, int defaultLimit, int max) {
        if (text(value) == null) {
            return defaultLimit;
        }
        int limit;
        try {
            limit = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("limit", "'" + value + "' is not an integer");
        }
        if (limit <= 0 || limit > max) {
            throw new InvalidParameterException("limit", "must be between 1 and " + max + ", was " + limit);
        }
        return limit;
    }

    /** A span status code, case-insensitively; null when absent. */
    public static StatusCode status(String value) {
        return parse("status", value, v -> {
            try {
                return StatusCode.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + v + "' is not one of UNSET, OK, ERROR");
            }
        });
    }

    /**
     * The lowest OTLP severity number to return: a number 1-24 or a short name such as
     * {@code WARN} or {@code info2}; 0 (any) when absent.
     */
    public static int minSeverity(String value) {
        Integer severity = parse("severity", value, v -> {
            Matcher name = SEVERITY_NAME.matcher(v.toUpperCase(Locale.ROOT));
            if (name.matches()) {
                int step = name.group(2).isEmpty() ? 0 : Integer.parseInt(name.group(2)) - 1;
                return 1 + 4 * SEVERITY_NAMES.indexOf(name.group(1)) + step;
            }
            int number;
            try {
                number = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "'" + v + "' is neither a number 1-24 nor one of " + String.join(", ", SEVERITY_NAMES));
            }
            if (number < 1 || number > 24) {
                throw new IllegalArgumentException("must be between 1 and 24, was " + number);
            }
            return number;
        });
        return severity == null ? 0 : severity;
    }

    private static <T> T parse(String parameter, String value, Function<String, T> parser) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(parameter, e.getMessage());
        }
    }
}
