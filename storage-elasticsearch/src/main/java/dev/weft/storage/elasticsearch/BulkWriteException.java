package dev.weft.storage.elasticsearch;

/**
 * Items could not be stored: Elasticsearch refused them, or stayed unreachable or overloaded through
 * every retry. Items of the same call may have been stored; calling again with the same items is
 * safe, as their document ids are deterministic.
 */
public class BulkWriteException extends RuntimeException {

    public BulkWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
