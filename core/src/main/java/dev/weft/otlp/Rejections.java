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

    Rejections(String itemName) {
        this.itemName = itemName;
    }

    void reject(String reason) {
        count++;
        if (reasons.size() < MAX_REASONS) {
            reasons.add(reason);
        }
    }

    <T> Decoded<T> result(List<T> accepted) {
        if (count == 0) {
            return new Decoded<>(accepted, 0, "");
        }
        String message = count + " " + itemName + (count == 1 ? "" : "s") + " rejected: " + String.join("; ", reasons)
                + (count > reasons.size() ? "; ..." : "");
        return new Decoded<>(accepted, count, message);
    }
}
