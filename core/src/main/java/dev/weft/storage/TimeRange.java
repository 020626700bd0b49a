package dev.weft.storage;

/** An inclusive range of Unix nanoseconds; every query is bounded by one so storage can prune by time. */
public record TimeRange(long startUnixNano, long endUnixNano) {

    public static final TimeRange ALL = new TimeRange(0, Long.MAX_VALUE);

    public TimeRange {
        if (startUnixNano < 0) {
            throw new IllegalArgumentException("start must not be negative");
        }
        if (endUnixNano < startUnixNano) {
            throw new IllegalArgumentException("end must not be before start");
        }
    }

    public boolean contains(long unixNano) {
        return unixNano >= startUnixNano && unixNano <= endUnixNano;
    }
}
