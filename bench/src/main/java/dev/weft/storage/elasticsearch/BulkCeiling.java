package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.weft.bench.cli.Options;
import dev.weft.bench.generate.SpanGenerator;
import dev.weft.bench.stats.LatencyRecorder;
import dev.weft.model.Span;
import dev.weft.otlp.Decoded;
import dev.weft.otlp.OtlpDecoder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.springframework.data.elasticsearch.client.elc.ElasticsearchTemplate;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The ceiling for Weft's Elasticsearch ingest: a direct bulk load, into the same Elasticsearch, of
 * exactly the documents Weft writes for the load generator's spans, as fast as Elasticsearch accepts.
 *
 * <p>It lives in Weft's storage package (in the bench module) to use Weft's own code for everything
 * but the sending: the bench's {@link SpanGenerator} (same seed, same spans), {@link OtlpDecoder} (the
 * collector's decoding), {@link Documents#spans} (the very JSON, index name and id Weft's bulk writer
 * sends) and {@link ElasticsearchStorage#start} (the very index templates, with the same settings).
 * All bulk bodies are built before the clock starts, so the measured phase spends the machine's CPU
 * on Elasticsearch and on nothing else but sending bytes: that is what makes it a ceiling.
 *
 * <p>Like the load generator: requests that start during the warm-up are left out of the figures,
 * those that start during the measured window are counted, and {@code concurrency} bulk requests
 * are in flight at a time. If the pre-built documents run out early, the measured window ends there
 * and the output says {@code exhausted=true}.
 *
 * <p>{@code bench/es-throughput.sh} runs it on weft.jar's own libraries plus the bench's classes, so
 * that the documents are those of the very Weft it measures; on its own, the bench jar runs it too:
 * {@code java -Dloader.main=dev.weft.storage.elasticsearch.BulkCeiling -cp weft-bench.jar
 * org.springframework.boot.loader.launch.PropertiesLauncher --es=http://127.0.0.1:9200 ...}
 */
public final class BulkCeiling {

    static final String USAGE = """
            Usage: java -Dloader.main=dev.weft.storage.elasticsearch.BulkCeiling -cp weft-bench.jar \\
                     org.springframework.boot.loader.launch.PropertiesLauncher --es=URL [--key=value ...]
            Bulk-loads the documents Weft would write for the load generator's spans straight into
            Elasticsearch, as fast as it accepts them, and reports documents/s.

              --es=URL                 Elasticsearch base URL (required)
              --index-prefix=P         as weft.storage.elasticsearch.index-prefix (default weft-ceiling-)
              --refresh-interval=D     as weft.storage.elasticsearch.refresh-interval (default 5s)
              --shards=N --replicas=N  as weft.storage.elasticsearch.shards/replicas (default 1, 0)
              --docs=N                 documents to build before sending (default 1500000)
              --duration=D             measured time after the warm-up (default 60s)
              --warmup=D               time before measuring (default 10s)
              --batch-size=N           documents per bulk request (default 512)
              --concurrency=N          bulk requests in flight (default 4)
              --services=N --spans-per-trace=N --attributes=N --seed=N   the load generator's options
                                       (defaults 5, 8, 5, 1)
            Prints a machine-readable CEILING line.
            """;

    private static final JsonProvider JSON = JsonProvider.provider();

    private BulkCeiling() {
    }

    public static void main(String[] args) throws Exception {
        if (Options.wantsHelp(args)) {
            System.out.print(USAGE);
            return;
        }
        Map<String, String> o = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 3) {
                System.err.println("bulk-ceiling: expected --key=value, got '" + arg + "'\n" + USAGE);
                System.exit(2);
            }
            o.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        String es = option(o, "es", "").replaceFirst("/$", "");
        String prefix = option(o, "index-prefix", "weft-ceiling-");
        Duration refresh = Options.parseDuration(option(o, "refresh-interval", "5s"));
        int shards = Integer.parseInt(option(o, "shards", "1"));
        int replicas = Integer.parseInt(option(o, "replicas", "0"));
        int docs = Integer.parseInt(option(o, "docs", "1500000"));
        Duration duration = Options.parseDuration(option(o, "duration", "60s"));
        Duration warmup = Options.parseDuration(option(o, "warmup", "10s"));
        int batchSize = Integer.parseInt(option(o, "batch-size", "512"));
        int concurrency = Integer.parseInt(option(o, "concurrency", "4"));
        int services = Integer.parseInt(option(o, "services", "5"));
        int spansPerTrace = Integer.parseInt(option(o, "spans-per-trace", "8"));
        int attributes = Integer.parseInt(option(o, "attributes", "5"));
        long seed = Long.parseLong(option(o, "seed", "1"));
        if (es.isEmpty() || !o.isEmpty()) {
            System.err.println("bulk-ceiling: " + (es.isEmpty() ? "--es is required" : "unknown option --" + o.keySet().iterator().next())
                    + "\n" + USAGE);
            System.exit(2);
        }

        System.out.printf(Locale.ROOT, "bulk-ceiling: es=%s index-prefix=%s refresh-interval=%s docs=%d duration=%s warmup=%s"
                        + " batch-size=%d concurrency=%d services=%d spans-per-trace=%d attributes=%d seed=%d%n",
                es, prefix, Options.format(refresh), docs, Options.format(duration), Options.format(warmup), batchSize,
                concurrency, services, spansPerTrace, attributes, seed);

        installTemplates(es, prefix, refresh, shards, replicas);

        long buildStart = System.nanoTime();
        List<byte[]> bodies = build(new DailyIndices(prefix), docs, batchSize, services, spansPerTrace, attributes, seed);
        long bodyBytes = bodies.stream().mapToLong(b -> b.length).sum();
        System.out.printf(Locale.ROOT, "built %d bulk bodies of %d documents in %.1f s: %.1f MB, %.0f bytes per document"
                        + " (action line included)%n", bodies.size(), batchSize, (System.nanoTime() - buildStart) / 1e9,
                bodyBytes / 1e6, (double) bodyBytes / ((long) bodies.size() * batchSize));
        System.gc();

        send(es, bodies, batchSize, concurrency, warmup, duration);
    }

    /** Puts Weft's index templates exactly as Weft does at start-up, with the same settings. */
    private static void installTemplates(String es, String prefix, Duration refresh, int shards, int replicas) throws Exception {
        ElasticsearchClient client = ElasticsearchClient.of(b -> b.host(es));
        try {
            var properties = new ElasticsearchStorageProperties(prefix, shards, replicas, refresh, Duration.ofDays(7),
                    Duration.ofHours(1), new ElasticsearchStorageProperties.Bulk(5000, DataSize.ofMegabytes(5),
                    Duration.ofMillis(200), 2, Duration.ofMillis(100), Duration.ofSeconds(10), 8));
            ElasticsearchStorage.start(client, new ElasticsearchTemplate(client), properties).close();
        } finally {
            client._transport().close();
        }
    }

    /**
     * The bulk bodies: the load generator's batches (one generator, so with the same seed the same
     * spans in the same order as {@code weft-bench}), decoded as the collector decodes them and turned
     * into documents by Weft's own {@link Documents#spans}, in the very bulk body Weft's writer sends
     * ({@link BulkWriter#body}).
     */
    private static List<byte[]> build(DailyIndices indices, int docs, int batchSize, int services, int spansPerTrace,
                                      int attributes, long seed) {
        SpanGenerator generator = new SpanGenerator(services, spansPerTrace, attributes, seed);
        int batches = Math.max(1, docs / batchSize);
        byte[][] bodies = new byte[batches][];
        int chunk = 64;
        // Stop early rather than run out of heap: the bodies may take at most 70 % of it.
        long budget = Runtime.getRuntime().maxMemory() * 7 / 10;
        long built = 0;
        for (int from = 0; from < batches; from += chunk) {
            if (built > budget) {
                System.out.printf(Locale.ROOT, "stopped building at %d documents: the bodies fill 70 %% of the heap"
                        + " (give the JVM more with -Xmx)%n", (long) from * batchSize);
                return Arrays.asList(Arrays.copyOf(bodies, from));
            }
            int to = Math.min(batches, from + chunk);
            List<ExportTraceServiceRequest> requests = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                requests.add(generator.nextBatch(batchSize));
            }
            int base = from;
            IntStream.range(from, to).parallel().forEach(i -> bodies[i] = body(indices, requests.get(i - base)));
            for (int i = from; i < to; i++) {
                built += bodies[i].length;
            }
        }
        return Arrays.asList(bodies);
    }

    private static byte[] body(DailyIndices indices, ExportTraceServiceRequest request) {
        Decoded<Span> decoded = OtlpDecoder.spans(request);
        if (decoded.rejected() > 0) {
            throw new IllegalStateException("the generator made invalid spans: " + decoded.errorMessage());
        }
        return BulkWriter.body(Documents.spans(indices, decoded.accepted()));
    }

    private static void send(String es, List<byte[]> bodies, int batchSize, int concurrency, Duration warmup,
                             Duration duration) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // Only errors come back: the answer to a clean request is a few bytes, whatever its size.
        URI bulk = URI.create(es + "/_bulk?filter_path=errors,items.*.error");
        AtomicInteger next = new AtomicInteger();
        AtomicLong measuredDocs = new AtomicLong();
        AtomicLong measuredRequests = new AtomicLong();
        AtomicLong warmupDocs = new AtomicLong();
        AtomicLong failedDocs = new AtomicLong();
        AtomicLong failedRequests = new AtomicLong();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        LatencyRecorder latencies = new LatencyRecorder();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long stop = measureFrom + duration.toNanos();
        AtomicLong lastEnd = new AtomicLong(stop);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            senders.add(Thread.ofPlatform().name("bulk-" + t).start(() -> {
                while (true) {
                    long callStart = System.nanoTime();
                    if (callStart >= stop) {
                        return;
                    }
                    int i = next.getAndIncrement();
                    if (i >= bodies.size()) {
                        lastEnd.accumulateAndGet(callStart, Math::min);
                        return;
                    }
                    boolean measured = callStart >= measureFrom;
                    int failed;
                    try {
                        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(bulk)
                                        .timeout(Duration.ofSeconds(60))
                                        .header("Content-Type", "application/x-ndjson")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        failed = failures(response, batchSize, errors);
                    } catch (Exception e) {
                        errors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                        failed = batchSize;
                    }
                    long latency = System.nanoTime() - callStart;
                    if (failed > 0) {
                        failedRequests.incrementAndGet();
                        failedDocs.addAndGet(failed);
                    }
                    if (measured) {
                        measuredDocs.addAndGet(batchSize - failed);
                        measuredRequests.incrementAndGet();
                        latencies.record(latency);
                    } else {
                        warmupDocs.addAndGet(batchSize - failed);
                    }
                }
            }));
        }
        Thread progress = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
                System.out.printf(Locale.ROOT, "warm-up: %d documents in %s%n", warmupDocs.get(), Options.format(warmup));
                long last = 0;
                for (int s = 10; ; s += 10) {
                    Thread.sleep(Math.max(0, (measureFrom + s * 1_000_000_000L - System.nanoTime()) / 1_000_000));
                    long now = measuredDocs.get();
                    System.out.printf(Locale.ROOT, "[%4ds] %.1f docs/s over the last 10 s%n", s, (now - last) / 10.0);
                    last = now;
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        for (Thread sender : senders) {
            sender.join();
        }
        progress.interrupt();
        long end = Math.min(stop, lastEnd.get());
        boolean exhausted = lastEnd.get() < stop;
        double seconds = Math.max(0, end - measureFrom) / 1e9;
        long[] sorted = latencies.sortedSnapshot();
        System.out.printf(Locale.ROOT, "CEILING docs_per_sec=%.1f docs=%d requests=%d failed_docs=%d failed_requests=%d"
                        + " errors=%s warmup_docs=%d total_docs=%d seconds=%.3f exhausted=%b concurrency=%d batch_size=%d"
                        + " p50_ms=%.3f p99_ms=%.3f max_ms=%.3f%n",
                seconds > 0 ? measuredDocs.get() / seconds : 0, measuredDocs.get(), measuredRequests.get(), failedDocs.get(),
                failedRequests.get(), errors.isEmpty() ? "-" : new TreeMap<>(errors).toString().replace(' ', '_'),
                warmupDocs.get(), warmupDocs.get() + measuredDocs.get(), seconds, exhausted, concurrency, batchSize,
                LatencyRecorder.percentile(sorted, 50) / 1e6, LatencyRecorder.percentile(sorted, 99) / 1e6,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    /** Documents of the request that Elasticsearch did not store; the error types are tallied. */
    private static int failures(HttpResponse<byte[]> response, int batchSize, Map<String, Long> errors) {
        if (response.statusCode() != 200) {
            errors.merge("http_" + response.statusCode(), 1L, Long::sum);
            return batchSize;
        }
        JsonObject body;
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(response.body()))) {
            body = reader.readObject();
        }
        if (!body.getBoolean("errors", false)) {
            return 0;
        }
        int failed = 0;
        for (JsonValue item : body.getJsonArray("items")) {
            for (JsonValue action : item.asJsonObject().values()) {
                JsonObject error = action.asJsonObject().getJsonObject("error");
                if (error != null) {
                    failed++;
                    errors.merge(error.getString("type", "unknown"), 1L, Long::sum);
                }
            }
        }
        return failed;
    }

    /** Takes the option out of the map, so that what is left at the end is unknown. */
    private static String option(Map<String, String> options, String key, String fallback) {
        String value = options.remove(key);
        return value == null ? fallback : value;
    }
}
