package dev.weft.query.params;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Points in time as the tools in front of Weft send them. Tempo and Jaeger send Unix seconds or
 * microseconds, Prometheus-style clients decimal seconds, scripts milliseconds or the
 * nanoseconds Weft itself returns, and people RFC 3339 text; all are accepted without a unit
 * parameter because the magnitude tells them apart for any date from May 1970 on.
 */
public final class Timestamps {

    private static final BigDecimal SECONDS_BELOW = new BigDecimal("1e10");
    private static final BigDecimal MILLIS_BELOW = new BigDecimal("1e13");
    private static final BigDecimal MICROS_BELOW = new BigDecimal("1e16");
    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Timestamps() {
    }

    /**
     * Unix nanoseconds of a timestamp given either as RFC 3339 text with an offset
     * ({@code 2024-05-01T12:00:00.5Z}) or as a non-negative Unix number whose unit follows from
     * its magnitude: below 10^10 seconds (fractions allowed), below 10^13 milliseconds, below
     * 10^16 microseconds, else nanoseconds. Each unit thus reads every time from 1970-04-26 to
     * 2262, where Unix nanoseconds leave a {@code long}. Throws {@link IllegalArgumentException}
     * with the reason otherwise.
     */
    public static long parseUnixNanos(String text) {
        return text.indexOf('-') > 0 || text.indexOf('T') > 0 ? parseRfc3339(text) : parseUnixNumber(text);
    }

    private static long parseRfc3339(String text) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 time such as 2024-05-01T12:00:00Z");
        }
        if (instant.isBefore(Instant.EPOCH)) {
            throw new IllegalArgumentException("'" + text + "' is before 1970");
        }
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is after 2262, out of the range of Unix nanoseconds");
        }
    }

    private static long parseUnixNumber(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is neither a Unix time in s, ms, us or ns nor an RFC 3339 time");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("'" + text + "' is before 1970");
        }
        BigDecimal nanos = value.scaleByPowerOfTen(value.compareTo(SECONDS_BELOW) < 0 ? 9
                : value.compareTo(MILLIS_BELOW) < 0 ? 6
                : value.compareTo(MICROS_BELOW) < 0 ? 3 : 0);
        if (nanos.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("'" + text + "' is out of the range of Unix nanoseconds");
        }
        return nanos.setScale(0, RoundingMode.DOWN).longValueExact();
    }
}
