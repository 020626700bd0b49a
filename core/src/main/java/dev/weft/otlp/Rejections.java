package dev.weft.otlp;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects rejection reasons during decoding. Only the first few are spelled out so a batch
 * of a thousand bad spans yields a readable message, not a megabyte.
 */
final class Rejections {

    private static final int MAX_REASONS = 5;

    private final String itemName;
    private final List<String> reasons = new ArrayList<>();
    private long count;
    private boolean omitted;

    Rejections(String itemName) {
        this.itemName = itemName;
    }

    void reject(String reason) {
        reject(1, reason);
    }

    void reject(long items, String reason) {
        count += items;
        if (reasons.size() < MAX_REASONS) {
            reasons.add(reason);
        } else {
            omitted = true;
        }
    }

    /**
     * Rejects the items past the per-request limit. Their reason comes first, even when the
     * items came last: it is the one that explains the most of them.
     */
    void rejectBeyond(int limit, long excess) {
        if (excess == 0) {
            return;
        }
        count += excess;
        reasons.addFirst("the request holds " + (limit + excess) + " " + plural(limit + excess)
                + ", more than the limit of " + limit + " per request: those after the first " + limit
                + " are rejected");
        if (reasons.size() > MAX_REASONS) {
            reasons.removeLast();
            omitted = true;
        }
    }

    <T> Decoded<T> result(List<T> accepted, long truncations) {
        if (count == 0) {
            return new Decoded<>(accepted, 0, "", truncations);
        }
        String message = count + " " + plural(count) + " rejected: " + String.join("; ", reasons)
                + (omitted ? "; ..." : "");
        return new Decoded<>(accepted, count, message, truncations);
    }

    private String plural(long items) {
        return itemName + (items == 1 ? "" : "s");
    }
}
