package dev.weft.collector.wal;

/**
 * The write-ahead log has no room for a request: storage is behind or away. Checked, so that
 * every caller decides how to tell its client to come back later rather than losing the request.
 */
public final class LogFullException extends Exception {

    public LogFullException(long bytes, long maxBytes) {
        super("the write-ahead log is full (" + bytes + " of " + maxBytes + " bytes): storage is behind or unreachable");
    }
}
