package dev.weft.storage.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/** A size-bounded, append-only buffer of items that drops the oldest appended item first. */
final class BoundedLog<T> {

    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();

    BoundedLog(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    synchronized void append(List<T> batch) {
        for (T item : batch) {
            if (items.size() == capacity) {
                items.removeFirst();
            }
            items.addLast(item);
        }
    }

    List<T> newestFirst(ToLongFunction<T> time, int limit, Predicate<T> filter) {
        List<T> matching = new ArrayList<>();
        synchronized (this) {
            for (T item : items) {
                if (filter.test(item)) {
                    matching.add(item);
                }
            }
        }
        matching.sort(Comparator.comparingLong(time).reversed());
        return matching.size() > limit ? List.copyOf(matching.subList(0, limit)) : matching;
    }
}
