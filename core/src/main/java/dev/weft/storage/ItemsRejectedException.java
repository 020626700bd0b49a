package dev.weft.storage;

/**
 * Storage refused items for good (a mapping conflict, say): writing them again cannot help, so a
 * caller that retries failed writes must not retry this one.
 */
public final class ItemsRejectedException extends RuntimeException {

    private final long items;

    public ItemsRejectedException(String message, long items, Throwable cause) {
        super(message, cause);
        this.items = items;
    }

    /** How many items were refused. */
    public long items() {
        return items;
    }
}
