package dev.weft.query.zipkin;

import dev.weft.query.params.InvalidParameterException;
import dev.weft.query.params.QueryParameters;
import dev.weft.storage.TimeRange;

import java.time.Duration;

/**
 * Zipkin's query units, which unlike Weft's own API are fixed rather than guessed from the
 * magnitude: durations in microseconds, {@code endTs} and {@code lookback} in milliseconds.
 * Jaeger's API copied Zipkin's {@code endTs}/{@code lookback} and required parameters, so it
 * reads them here too.
 */
public final class ZipkinParameters {

    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /** Zipkin's ({@code QUERY_LOOKBACK}) and Jaeger's default lookback: one day. */
    private static final long DEFAULT_LOOKBACK_NANOS = 86_400_000L * NANOS_PER_MILLI;

    private ZipkinParameters() {
    }

    /**
     * The range from {@code endTs - lookback} to {@code endTs}, both in milliseconds; as in
     * Zipkin and Jaeger, {@code endTs} defaults to now and {@code lookback} to one day, or to
     * {@code maxWindow} when that is shorter, so that leaving it out is never an error. A
     * {@code lookback} longer than {@code maxWindow} is one.
     */
    public static TimeRange window(String endTs, String lookback, Duration maxWindow) {
        Long end = nanos("endTs", endTs, NANOS_PER_MILLI);
        Long back = nanos("lookback", lookback, NANOS_PER_MILLI);
        long endNanos = end == null ? System.currentTimeMillis() * NANOS_PER_MILLI : end;
        if (back == null) {
            back = maxWindow.compareTo(Duration.ofNanos(DEFAULT_LOOKBACK_NANOS)) < 0 ? maxWindow.toNanos()
                    : DEFAULT_LOOKBACK_NANOS;
        } else {
            QueryParameters.requireWindow("lookback", "lookback", back, maxWindow);
        }
        return new TimeRange(Math.max(0, endNanos - back), endNanos);
    }

    /** The value, which both APIs require where this is called; a 400 naming the parameter when absent or blank. */
    public static String required(String parameter, String value) {
        String text = QueryParameters.text(value);
        if (text == null) {
            throw new InvalidParameterException(parameter, "is required");
        }
        return text;
    }

    /** A duration in whole microseconds, as nanoseconds; null when absent. */
    static Long micros(String parameter, String value) {
        return nanos(parameter, value, NANOS_PER_MICRO);
    }

    private static Long nanos(String parameter, String value, long nanosPerUnit) {
        String text = QueryParameters.text(value);
        if (text == null) {
            return null;
        }
        long number;
        try {
            number = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(parameter, "'" + value + "' is not an integer");
        }
        if (number < 0 || number > Long.MAX_VALUE / nanosPerUnit) {
            throw new InvalidParameterException(parameter, "'" + value + "' is out of range");
        }
        return number * nanosPerUnit;
    }
}
