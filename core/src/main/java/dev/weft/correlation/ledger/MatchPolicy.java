package dev.weft.correlation.ledger;

/**
 * How one rule joins its keys. A producer and a consumer whose start times are more than
 * {@code windowNanos} apart never join, however equal their keys: ids get reused (an S3 key
 * written again next week, a Kafka offset after a topic is recreated). With
 * {@code latestProducerOnly} a consumer joins only the producer that started last at or before
 * it, or, when none did (clock skew), the one that started nearest after it: an object written
 * twice triggers its consumer from the second write, not from both.
 */
public record MatchPolicy(long windowNanos, boolean latestProducerOnly) {

    public MatchPolicy {
        if (windowNanos < 0) {
            throw new IllegalArgumentException("window must not be negative");
        }
    }

    /** Whether the two keys may join under this policy, before any latest-producer choice. */
    boolean admits(CorrelationKey producer, CorrelationKey consumer) {
        return !producer.span().equals(consumer.span())
                && Math.abs(consumer.startUnixNano() - producer.startUnixNano()) <= windowNanos;
    }
}
