package dev.weft.collector.ingest;

import dev.weft.collector.wal.LogFullException;
import dev.weft.collector.wal.WriteAheadLog;
import dev.weft.collector.wal.WriteAheadLog.Record;
import dev.weft.storage.ItemsRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Takes a request by appending it to the {@link WriteAheadLog}, and drains the log into storage
 * in the background: consecutive records of one signal are written together, up to
 * {@code concurrency} writes in flight, each retried with back-off until storage takes it, and a
 * record is released from the log only once stored. So a storage outage only fills the log; once
 * the log is full, requests are refused as retryable, and when storage returns the log catches up.
 *
 * <p>The drain decodes each logged request again, against the time it was first received, rather
 * than keep the items decoded on arrival: while storage lags, those would wait seconds in memory and
 * survive young collections, and copying them made the garbage collector cost more than a second
 * decoding (measured: 13 % of the time in pauses). One path also serves the normal case and the
 * replay after a restart alike.
 */
public final class LoggedIngest implements Ingest, AutoCloseable {

    /** Decodes a logged request back into its valid items. */
    @FunctionalInterface
    public interface Decoder {
        List<?> decode(Signal signal, byte[] request, long receivedAtNanos);
    }

    /**
     * @param concurrency  storage writes in flight
     * @param maxBatchItems items per storage write, at most (one record may exceed it alone)
     * @param retryAfter   what a refused client is told to wait
     * @param shutdownGrace how long closing waits for the log to drain before leaving the rest for the next start
     */
    public record Settings(int concurrency, int maxBatchItems, Duration retryAfter, Duration shutdownGrace) {
    }

    private static final Logger log = LoggerFactory.getLogger(LoggedIngest.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final WriteAheadLog wal;
    private final StorageWriter writer;
    private final Decoder decoder;
    private final IngestMetrics metrics;
    private final Settings settings;
    private final Semaphore inFlight;
    private final ExecutorService writers;
    private final Thread drain;
    private volatile boolean refusing;
    private volatile boolean closing;

    public LoggedIngest(WriteAheadLog wal, StorageWriter writer, Decoder decoder, IngestMetrics metrics,
                        Settings settings) {
        this.wal = wal;
        this.writer = writer;
        this.decoder = decoder;
        this.metrics = metrics;
        this.settings = settings;
        this.inFlight = new Semaphore(settings.concurrency());
        this.writers = Executors.newFixedThreadPool(settings.concurrency(),
                Thread.ofPlatform().name("weft-wal-write-", 0).daemon().factory());
        metrics.log(wal::bytes, wal.maxBytes(), () -> wal.oldestAge().toMillis() / 1000.0);
        this.drain = Thread.ofPlatform().name("weft-wal-drain").daemon().start(this::drain);
    }

    @Override
    public void requireRoom(Signal signal, int bytes) {
        try {
            wal.requireRoom(bytes);
        } catch (LogFullException e) {
            throw refused(signal, e);
        }
    }

    @Override
    public void take(Signal signal, Supplier<byte[]> request, List<?> items) {
        try {
            wal.append(signal.code(), request.get());
        } catch (LogFullException e) {
            throw refused(signal, e);
        }
    }

    private IngestRefusedException refused(Signal signal, LogFullException e) {
        refusing = true;
        metrics.refused(signal, "log_full");
        return new IngestRefusedException(e.getMessage(), settings.retryAfter(), e);
    }

    /** True once a request was refused for a full log, until the drain stores something again. */
    public boolean refusing() {
        return refusing;
    }

    public WriteAheadLog log() {
        return wal;
    }

    private void drain() {
        Batch batch = null;
        try {
            while (!closing) {
                Optional<Record> next = wal.next(batch == null ? POLL : Duration.ZERO);
                if (next.isEmpty()) {
                    if (batch != null) {
                        dispatch(batch);
                        batch = null;
                    }
                    continue;
                }
                Record record = next.get();
                Signal signal;
                List<?> items;
                try {
                    signal = Signal.of(record.type());
                    items = decoder.decode(signal, record.payload(), record.appendedAtMillis() * 1_000_000);
                } catch (RuntimeException e) { // it was checked before it was logged: a damaged disk, or a bug
                    log.error("A write-ahead log record at {} cannot be decoded and is dropped", record.position(), e);
                    wal.release(List.of(record));
                    continue;
                }
                if (batch != null && (batch.signal != signal || batch.size + items.size() > settings.maxBatchItems())) {
                    dispatch(batch);
                    batch = null;
                }
                if (batch == null) {
                    batch = new Batch(signal);
                }
                batch.add(record, items);
                if (batch.size >= settings.maxBatchItems()) {
                    dispatch(batch);
                    batch = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The write-ahead log drain stopped; what is logged will be stored after a restart", e);
        }
    }

    private void dispatch(Batch batch) throws InterruptedException {
        inFlight.acquire();
        writers.execute(() -> {
            try {
                store(batch);
            } finally {
                inFlight.release();
            }
        });
    }

    /** Writes until storage takes the batch; left in the log, for the next start, only when closing. */
    private void store(Batch batch) {
        for (int attempt = 0; !closing || attempt == 0; attempt++) {
            try {
                if (!batch.items.isEmpty()) {
                    writer.write(batch.signal, batch.items);
                }
            } catch (ItemsRejectedException e) {
                metrics.dropped(batch.signal, e.items(), "storage_rejected");
                log.error("Storage refused {} {} items for good; they are dropped: {}", e.items(), batch.signal.tag(),
                        e.getMessage());
            } catch (RuntimeException e) {
                long backoff = Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(attempt, 6));
                log.warn("Storing {} {} items from the write-ahead log failed ({}); retrying in {} ms",
                        batch.items.size(), batch.signal.tag(), e.toString(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                continue;
            }
            wal.release(batch.records);
            refusing = false;
            return;
        }
    }

    /**
     * Stops taking requests' items from the log: waits up to the shutdown grace for the log to drain,
     * then stops; what is left is stored after the next start.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (wal.unstoredBytes() > 0 && System.nanoTime() < deadline && writer.outage().isEmpty()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closing = true;
        drain.interrupt();
        writers.shutdown();
        try {
            if (!writers.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                writers.shutdownNow();
            }
            drain.join(settings.shutdownGrace().toMillis());
        } catch (InterruptedException e) {
            writers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        wal.close();
    }

    private static final class Batch {
        final Signal signal;
        final List<Record> records = new ArrayList<>();
        final List<Object> items = new ArrayList<>();
        int size;

        Batch(Signal signal) {
            this.signal = signal;
        }

        void add(Record record, List<?> more) {
            records.add(record);
            items.addAll(more);
            size += more.size();
        }
    }
}
