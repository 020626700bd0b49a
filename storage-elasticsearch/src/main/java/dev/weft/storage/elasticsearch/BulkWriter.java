package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes documents with the bulk API, batching the items of concurrent callers: a request goes out
 * when enough items or bytes are pending, or at the next flush tick; up to {@code concurrency}
 * requests are in flight.
 *
 * <p>This uses the Elasticsearch Java client directly, not Spring Data: Spring Data's bulk path maps
 * every entity through its converter into a {@code Map} and the client then serialises that again,
 * while here each document is serialised once, to bytes that are both the request body
 * ({@link BinaryData}, sent as is) and the size the byte limit counts.
 *
 * <p>{@link #write} is synchronous: it returns once every item is stored, and throws if any could not
 * be. That is the simplest semantics the callers can build on (the collector acknowledges only what
 * is durable); the batching across callers keeps it cheap. Document ids are deterministic, so
 * retrying a request, or a caller retrying a whole batch, never stores an item twice.
 *
 * <p>Retries: a rejected request or item (HTTP 429, Elasticsearch's back-pressure), an unavailable
 * server (502, 503, 504) and a failed connection are retried with {@link Backoff}; any other item error
 * (a mapping conflict, say) fails that item at once, since resending cannot fix it.
 */
final class BulkWriter implements AutoCloseable {

    /** One document to index: where, under which id, and its JSON. */
    record Operation(String index, String id, byte[] json) {
    }

    private record Pending(Operation operation, CompletableFuture<Void> done) {
    }

    private static final Logger log = LoggerFactory.getLogger(BulkWriter.class);

    private final ElasticsearchClient client;
    private final int maxActions;
    private final long maxBytes;
    private final Backoff backoff;
    private final ExecutorService senders;
    private List<Pending> pending = new ArrayList<>();
    private long pendingBytes;

    BulkWriter(ElasticsearchClient client, ElasticsearchStorageProperties.Bulk settings,
               ScheduledExecutorService scheduler) {
        this.client = client;
        this.maxActions = settings.maxActions();
        this.maxBytes = settings.maxBytes().toBytes();
        this.backoff = Backoff.of(settings);
        this.senders = Executors.newFixedThreadPool(settings.concurrency(), Thread.ofPlatform()
                .name("weft-es-bulk-", 0).daemon().factory());
        long interval = settings.flushInterval().toNanos();
        scheduler.scheduleWithFixedDelay(this::flush, interval, interval, TimeUnit.NANOSECONDS);
    }

    /** Stores the documents; returns when all are stored, throws {@link BulkWriteException} when one is not. */
    void write(List<Operation> operations) {
        List<CompletableFuture<Void>> done = new ArrayList<>(operations.size());
        List<List<Pending>> full = new ArrayList<>();
        synchronized (this) {
            for (Operation operation : operations) {
                Pending p = new Pending(operation, new CompletableFuture<>());
                done.add(p.done());
                pending.add(p);
                pendingBytes += operation.json().length;
                if (pending.size() >= maxActions || pendingBytes >= maxBytes) {
                    full.add(takePending());
                }
            }
        }
        full.forEach(this::submit);
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof BulkWriteException b ? b : new BulkWriteException(e.getCause().getMessage(), e.getCause());
        }
    }

    private void flush() {
        List<Pending> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            batch = takePending();
        }
        submit(batch);
    }

    private List<Pending> takePending() {
        List<Pending> batch = pending;
        pending = new ArrayList<>();
        pendingBytes = 0;
        return batch;
    }

    private void submit(List<Pending> batch) {
        try {
            senders.execute(() -> send(batch));
        } catch (RuntimeException e) { // rejected after close()
            fail(batch, new BulkWriteException("the Elasticsearch storage is closed", e));
        }
    }

    private void send(List<Pending> batch) {
        List<Pending> remaining = batch;
        try {
            for (int retry = 0; ; retry++) {
                String problem;
                Exception cause = null;
                try {
                    remaining = complete(remaining, client.bulk(request(remaining)));
                    if (remaining.isEmpty()) {
                        return;
                    }
                    problem = remaining.size() + " documents rejected with HTTP 429";
                } catch (ElasticsearchException | IOException e) {
                    int status = e instanceof ElasticsearchException ee ? ee.status()
                            : e instanceof TransportException te ? te.statusCode() : 0; // 0: no answer at all
                    if (status != 0 && !retryable(status)) {
                        fail(remaining, new BulkWriteException("bulk request failed: " + e.getMessage(), e));
                        return;
                    }
                    problem = e.toString();
                    cause = e;
                }
                Optional<Duration> delay = backoff.delay(retry);
                if (delay.isEmpty()) {
                    fail(remaining, new BulkWriteException("gave up after " + retry + " retries: " + problem, cause));
                    return;
                }
                log.warn("Bulk write of {} documents failed ({}); retrying in {} ms", remaining.size(), problem,
                        delay.get().toMillis());
                Thread.sleep(delay.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(remaining, new BulkWriteException("interrupted while retrying a bulk request", e));
        } catch (RuntimeException e) { // never leave a caller waiting
            fail(remaining, new BulkWriteException("bulk request failed: " + e, e));
        }
    }

    private static BulkRequest request(List<Pending> batch) {
        BulkRequest.Builder request = new BulkRequest.Builder();
        for (Pending p : batch) {
            Operation op = p.operation();
            request.operations(o -> o.index(i -> i.index(op.index()).id(op.id())
                    .document(BinaryData.of(op.json(), ContentType.APPLICATION_JSON))));
        }
        return request.build();
    }

    /** Completes the stored and the hopeless items; returns those to retry. */
    private static List<Pending> complete(List<Pending> batch, BulkResponse response) {
        if (!response.errors()) {
            batch.forEach(p -> p.done().complete(null));
            return List.of();
        }
        List<Pending> retry = new ArrayList<>();
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            BulkResponseItem item = items.get(i);
            if (item.error() == null) {
                p.done().complete(null);
            } else if (retryable(item.status())) {
                retry.add(p);
            } else {
                p.done().completeExceptionally(new BulkWriteException("Elasticsearch refused document " + item.id()
                        + " in " + item.index() + ": " + item.error().type() + ": " + item.error().reason(), null));
            }
        }
        return retry;
    }

    private static boolean retryable(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    private static void fail(List<Pending> batch, BulkWriteException e) {
        batch.forEach(p -> p.done().completeExceptionally(e));
    }

    /** Sends what is pending, waits for the requests in flight, then stops the senders. */
    @Override
    public void close() {
        flush();
        senders.shutdown();
        try {
            if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
