package dev.weft.traceql;

/**
 * A query that is not valid TraceQL, or uses TraceQL that Weft does not evaluate. The message
 * is meant for the person who typed the query: it names the construct and where it is.
 */
public final class TraceQlException extends RuntimeException {

    public TraceQlException(String message) {
        super(message);
    }
}
