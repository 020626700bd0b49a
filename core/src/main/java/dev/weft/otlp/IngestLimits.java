package dev.weft.otlp;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Bounds on what one export request may make Weft store. The OpenTelemetry SDKs apply span and
 * log limits on the client, but a misconfigured or hostile client does not, and one request must
 * fill the storage neither with huge items nor with data that retention would delete at once.
 * Modelled on the SDKs' attribute limits, and on the rejection of old and future samples in Loki
 * and Mimir.
 *
 * <p>Items past a limit are rejected with a reason (OTLP partial success); attributes past a
 * limit are dropped, or cut short, and the item kept, as an SDK would have done.
 *
 * @param maxItemsPerRequest      spans, log records or metric data points decoded from one
 *                                request: the first ones are kept, the rest rejected
 * @param maxAttributesPerItem    attributes kept on a span, span event, span link, log record,
 *                                resource or instrumentation scope; the rest are dropped and added
 *                                to its {@code dropped_attributes_count}. Metric data point
 *                                attributes are never dropped: they identify the series
 * @param maxAttributeValueLength the longest string (in UTF-16 code units, as the SDKs count) or
 *                                byte value of those attributes, also inside arrays and maps;
 *                                longer ones are cut to it, never in the middle of a surrogate pair
 * @param maxPast                 how long before the time the request was received an item's time
 *                                (a span's start, a log record's time or else its observed time, a
 *                                data point's time) may lie
 * @param maxFuture               how long after that time it may lie; a duration too long to count
 *                                in nanoseconds (over 292 years) means no bound, for either
 */
public record IngestLimits(int maxItemsPerRequest, int maxAttributesPerItem, int maxAttributeValueLength,
                           Duration maxPast, Duration maxFuture) {

    private static final Duration NO_BOUND = ChronoUnit.FOREVER.getDuration();

    public IngestLimits {
        if (maxItemsPerRequest < 1) {
            throw new IllegalArgumentException("maxItemsPerRequest must be at least 1, was " + maxItemsPerRequest);
        }
        if (maxAttributesPerItem < 0 || maxAttributeValueLength < 0) {
            throw new IllegalArgumentException("attribute limits must not be negative, were " + maxAttributesPerItem
                    + " and " + maxAttributeValueLength);
        }
        if (maxPast == null || maxPast.isNegative() || maxFuture == null || maxFuture.isNegative()) {
            throw new IllegalArgumentException("maxPast and maxFuture must be set and not negative, were " + maxPast
                    + " and " + maxFuture);
        }
    }

    /**
     * The collector's defaults. 100,000 items is 200 times the SDKs' default batch of 512 and
     * above any batch a Collector is configured to send, yet keeps a 16 MiB request from becoming
     * millions of objects. 128 attributes is the SDKs' own default. 16,384 characters keep a
     * Java stack trace ({@code exception.stacktrace}, which root-cause reports show) or a long
     * SQL statement whole while stopping a request body pasted into an attribute; values that long
     * are stored but, past 8,191 characters, not indexed for exact match anyway. Seven days is
     * Weft's default retention: anything older would be deleted by the next retention run. One
     * hour ahead tolerates badly synchronised clocks; beyond that the clock, not the data, is wrong.
     */
    public static IngestLimits defaults() {
        return new IngestLimits(100_000, 128, 16_384, Duration.ofDays(7), Duration.ofHours(1));
    }

    /** No limit at all: storage reads back exactly what it stored, whenever it was received. */
    public static IngestLimits unlimited() {
        return new IngestLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, NO_BOUND, NO_BOUND);
    }
}
