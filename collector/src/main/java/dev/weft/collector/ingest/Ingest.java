package dev.weft.collector.ingest;

import java.util.List;
import java.util.function.Supplier;

/** Where the receivers hand a request's valid items once they have answered for the invalid ones. */
public interface Ingest extends AutoCloseable {

    /**
     * Takes the items for storage; when this returns, they will be stored even if Weft stops.
     *
     * @param request the request in OTLP protobuf, for implementations that keep it
     * @throws IngestRefusedException when the items cannot be taken now; the client should retry
     */
    void take(Signal signal, Supplier<byte[]> request, List<?> items);

    /**
     * Refuses, before any work is spent on decoding it, a request of {@code bytes} that could not
     * be taken now; {@link #take} may still refuse it.
     *
     * @throws IngestRefusedException when there is no room for it
     */
    default void requireRoom(Signal signal, int bytes) {
    }

    /** Stops taking items; what was taken is stored by then, or kept for the next start. */
    @Override
    default void close() {
    }
}
