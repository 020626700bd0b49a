package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.storage.ItemsRejectedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * <p>This uses the Elasticsearch client's low-level {@link Rest5Client}, not Spring Data nor the typed
 * bulk API: Spring Data maps every entity through its converter into a {@code Map} that the client
 * serialises again, and the typed API sends a chunk per action line and per document and parses
 * every item of the answer. Here each document is serialised once, the request body is one byte
 * array, and {@code filter_path} trims the answer to what the writer reads; measured in
 * {@code docs/benchmarks.md}, this halved the writer's CPU per document.
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

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    /** Only what {@link #complete} reads: whether any item failed, and each item's status (which keeps its position) and error. */
    private static final String FILTER = "errors,items.*.status,items.*.error";

    private final Rest5Client client;
    private final int maxActions;
    private final long maxBytes;
    private final Backoff backoff;
    private final ExecutorService senders;
    private List<Pending> pending = new ArrayList<>();
    private long pendingBytes;

    BulkWriter(ElasticsearchClient client, ElasticsearchStorageProperties.Bulk settings,
               ScheduledExecutorService scheduler) {
        this.client = restClient(client);
        this.maxActions = settings.maxActions();
        this.maxBytes = settings.maxBytes().toBytes();
        this.backoff = Backoff.of(settings);
        this.senders = Executors.newFixedThreadPool(settings.concurrency(), Thread.ofPlatform()
                .name("weft-es-bulk-", 0).daemon().factory());
        long interval = settings.flushInterval().toNanos();
        scheduler.scheduleWithFixedDelay(this::flush, interval, interval, TimeUnit.NANOSECONDS);
    }

    /**
     * Stores the documents; returns when all are stored, throws {@link ItemsRejectedException} when
     * Elasticsearch refused some for good, {@link BulkWriteException} when some could not be stored now.
     */
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
            throw failure(done);
        }
    }

    /**
     * What a caller is told when items failed: {@link ItemsRejectedException} when every failed item
     * was refused for good, so the caller does not retry them, else a {@link BulkWriteException}.
     */
    private static RuntimeException failure(List<CompletableFuture<Void>> done) {
        long rejected = 0;
        RuntimeException first = null;
        for (CompletableFuture<Void> f : done) {
            Throwable cause = f.isCompletedExceptionally() ? f.exceptionNow() : null;
            if (cause instanceof ItemsRejectedException r) {
                rejected++;
                first = first == null ? r : first;
            } else if (cause != null) {
                return cause instanceof BulkWriteException b ? b : new BulkWriteException(cause.getMessage(), cause);
            }
        }
        return new ItemsRejectedException(rejected + " documents refused by Elasticsearch, the first: "
                + first.getMessage(), rejected, first);
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
                    remaining = complete(remaining, EntityUtils.toByteArray(client.performRequest(request(remaining))
                            .getEntity()));
                    if (remaining.isEmpty()) {
                        return;
                    }
                    problem = remaining.size() + " documents rejected with HTTP 429";
                } catch (IOException e) {
                    int status = e instanceof ResponseException re ? re.getResponse().getStatusCode() : 0; // 0: no answer at all
                    if (status != 0 && !retryable(status)) {
                        fail(remaining, new ItemsRejectedException("bulk request refused: " + e.getMessage(), 1, e));
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

    private static Request request(List<Pending> batch) {
        Request request = new Request("POST", "/_bulk");
        request.addParameter("filter_path", FILTER);
        request.setEntity(new ByteArrayEntity(body(batch.stream().map(Pending::operation).toList()), NDJSON));
        return request;
    }

    /**
     * The {@code _bulk} body: an {@code index} action line and the document for each operation,
     * in one array of the exact size (the body of a request is a few megabytes; growing a buffer
     * for it cost more than writing it). The action line needs no JSON escaping: index names cannot
     * hold quotes, backslashes or control characters, and ids are hex or base64url.
     */
    static byte[] body(List<Operation> operations) {
        byte[][] actions = new byte[operations.size()][];
        int size = 0;
        for (int i = 0; i < actions.length; i++) {
            Operation op = operations.get(i);
            actions[i] = ("{\"index\":{\"_index\":\"" + op.index() + "\",\"_id\":\"" + op.id() + "\"}}\n")
                    .getBytes(StandardCharsets.UTF_8);
            size += actions[i].length + op.json().length + 1;
        }
        byte[] body = new byte[size];
        int at = 0;
        for (int i = 0; i < actions.length; i++) {
            byte[] json = operations.get(i).json();
            System.arraycopy(actions[i], 0, body, at, actions[i].length);
            at += actions[i].length;
            System.arraycopy(json, 0, body, at, json.length);
            at += json.length;
            body[at++] = '\n';
        }
        return body;
    }

    /** Completes the stored and the hopeless items; returns those to retry. */
    private static List<Pending> complete(List<Pending> batch, byte[] answer) throws IOException {
        if (!anyError(answer)) {
            batch.forEach(p -> p.done().complete(null));
            return List.of();
        }
        List<Pending> retry = new ArrayList<>();
        JsonNode items = MAPPER.readTree(answer).path("items");
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            JsonNode item = items.path(i).path("index");
            JsonNode error = item.path("error");
            int status = item.path("status").asInt();
            if (error.isMissingNode()) {
                p.done().complete(null);
            } else if (retryable(status)) {
                retry.add(p);
            } else {
                p.done().completeExceptionally(new ItemsRejectedException("Elasticsearch refused document "
                        + p.operation().id() + " in " + p.operation().index() + ": " + error.path("type").asText() + ": "
                        + error.path("reason").asText(), 1, null));
            }
        }
        return retry;
    }

    /** Reads only as far as {@code errors}, which Elasticsearch writes before the items. */
    private static boolean anyError(byte[] answer) throws IOException {
        try (JsonParser parser = JSON.createParser(answer)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.FIELD_NAME && parser.getParsingContext().getParent().inRoot()) {
                    if ("errors".equals(parser.currentName())) {
                        return parser.nextToken() == JsonToken.VALUE_TRUE;
                    }
                    parser.nextToken();
                    parser.skipChildren();
                }
            }
        }
        throw new IOException("the bulk answer says nothing about errors: "
                + new String(answer, 0, Math.min(answer.length, 500), StandardCharsets.UTF_8));
    }

    private static Rest5Client restClient(ElasticsearchClient client) {
        if (client._transport() instanceof Rest5ClientTransport transport) {
            return transport.restClient();
        }
        throw new IllegalArgumentException("the bulk writer needs the Elasticsearch client over Rest5Client, "
                + "as Spring Boot configures it, not " + client._transport().getClass().getName());
    }

    private static boolean retryable(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    private static void fail(List<Pending> batch, RuntimeException e) {
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
