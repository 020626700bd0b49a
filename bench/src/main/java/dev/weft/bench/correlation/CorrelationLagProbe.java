package dev.weft.bench.correlation;

import com.google.protobuf.ByteString;
import dev.weft.bench.cli.Options;
import dev.weft.bench.stats.LatencyRecorder;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures correlation lag: how long after a consumer's spans were acknowledged Weft's journey
 * API shows the consumer joined to its producer. It sends producer/consumer trace pairs that
 * join by {@code messaging.message.id} at a steady rate, and for a sample of pairs polls
 * {@code /api/v1/traces/{consumer}/journey} until the journey holds both traces with all their
 * spans. Run it beside the load generator to measure under load.
 *
 * <pre>java -Dloader.main=dev.weft.bench.correlation.CorrelationLagProbe -cp weft-bench.jar \
 *     org.springframework.boot.loader.launch.PropertiesLauncher --pairs-per-second=250 --duration=60s</pre>
 */
public final class CorrelationLagProbe {

    private static final Pattern TRACE_IDS = Pattern.compile("\"traceIds\":\\[([^\\]]*)]");
    private static final Pattern SPAN_ID = Pattern.compile("\"spanId\":\"[0-9a-f]{16}\",\"parentSpanId\"");
    private static final int SPANS_PER_TRACE = 4;

    private final Random random = new Random();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of("endpoint", "localhost:4317",
                "query", "http://localhost:3200", "pairs-per-second", "250", "duration", "60s", "sample-every", "10",
                "timeout", "10s"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0 || !options.containsKey(arg.substring(2, eq))) {
                System.err.println("usage: --endpoint=host:4317 --query=http://host:3200 --pairs-per-second=250 "
                        + "--duration=60s --sample-every=10 --timeout=10s");
                System.exit(2);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        System.exit(new CorrelationLagProbe().run(options.get("endpoint"), options.get("query"),
                Integer.parseInt(options.get("pairs-per-second")), Options.parseDuration(options.get("duration")),
                Integer.parseInt(options.get("sample-every")), Options.parseDuration(options.get("timeout"))));
    }

    int run(String endpoint, String query, int pairsPerSecond, Duration duration, int sampleEvery, Duration timeout)
            throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(endpoint.replaceFirst("^http://", "")).usePlaintext().build();
        TraceServiceGrpc.TraceServiceBlockingStub stub = TraceServiceGrpc.newBlockingStub(channel);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ExecutorService pollers = Executors.newFixedThreadPool(8);
        LatencyRecorder lags = new LatencyRecorder();
        AtomicLong timeouts = new AtomicLong();
        long sent = 0;
        int batchesPerSecond = 10;
        int pairsPerBatch = Math.max(1, pairsPerSecond / batchesPerSecond);
        long end = System.nanoTime() + duration.toNanos();
        long next = System.nanoTime();
        while (System.nanoTime() < end) {
            List<ResourceSpans> batch = new ArrayList<>();
            List<String> sampled = new ArrayList<>();
            for (int i = 0; i < pairsPerBatch; i++) {
                String messageId = "probe-" + Long.toHexString(random.nextLong());
                byte[] producerTrace = id(16);
                byte[] consumerTrace = id(16);
                long now = System.currentTimeMillis() * 1_000_000L;
                batch.add(trace("probe-producer", producerTrace, now, Span.SpanKind.SPAN_KIND_PRODUCER, messageId));
                batch.add(trace("probe-consumer", consumerTrace, now + 2_000_000, Span.SpanKind.SPAN_KIND_CONSUMER, messageId));
                if (++sent % sampleEvery == 0) {
                    sampled.add(java.util.HexFormat.of().formatHex(consumerTrace));
                }
            }
            stub.export(ExportTraceServiceRequest.newBuilder().addAllResourceSpans(batch).build());
            long acknowledged = System.nanoTime();
            for (String consumer : sampled) {
                pollers.submit(() -> poll(http, query, consumer, acknowledged, timeout, lags, timeouts));
            }
            next += 1_000_000_000L / batchesPerSecond;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
        pollers.shutdown();
        pollers.awaitTermination(timeout.toSeconds() + 5, TimeUnit.SECONDS);
        channel.shutdownNow();
        long[] sorted = lags.sortedSnapshot();
        System.out.printf("pairs sent=%d sampled=%d timeouts=%d correlation lag ms p50=%.1f p95=%.1f p99=%.1f max=%.1f%n",
                sent, sorted.length + timeouts.get(), timeouts.get(), ms(sorted, 50), ms(sorted, 95), ms(sorted, 99),
                ms(sorted, 100));
        System.out.printf("RESULT pairs=%d samples=%d timeouts=%d p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                sent, sorted.length, timeouts.get(), ms(sorted, 50), ms(sorted, 95), ms(sorted, 99), ms(sorted, 100));
        return sorted.length == 0 ? 1 : 0;
    }

    private static double ms(long[] sorted, double percentile) {
        return sorted.length == 0 ? Double.NaN : LatencyRecorder.percentile(sorted, percentile) / 1e6;
    }

    /** Polls until the consumer's journey holds both traces and all their spans, or the timeout. */
    private static void poll(HttpClient http, String query, String consumer, long acknowledged, Duration timeout,
                             LatencyRecorder lags, AtomicLong timeouts) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(query + "/api/v1/traces/" + consumer + "/journey")).build();
        long deadline = acknowledged + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && complete(response.body())) {
                    lags.record(System.nanoTime() - acknowledged);
                    return;
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.io.IOException e) {
                // Weft busy or restarting: keep polling until the deadline.
            }
        }
        timeouts.incrementAndGet();
    }

    static boolean complete(String journey) {
        Matcher ids = TRACE_IDS.matcher(journey);
        if (!ids.find() || ids.group(1).split(",").length < 2) {
            return false;
        }
        Matcher spans = SPAN_ID.matcher(journey);
        int count = 0;
        while (spans.find()) {
            count++;
        }
        return count >= 2 * SPANS_PER_TRACE;
    }

    private byte[] id(int length) {
        byte[] id = new byte[length];
        random.nextBytes(id);
        id[0] |= 1;
        return id;
    }

    /** A trace of four spans: an entry span carrying the message id, and three children. */
    private ResourceSpans trace(String service, byte[] traceId, long start, Span.SpanKind kind, String messageId) {
        byte[] root = id(8);
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(root))
                .setName(kind == Span.SpanKind.SPAN_KIND_PRODUCER ? "orders publish" : "orders process").setKind(kind)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 1_000_000)
                .addAttributes(text("messaging.system", "aws_sqs")).addAttributes(text("messaging.message.id", messageId)));
        for (int i = 1; i < SPANS_PER_TRACE; i++) {
            scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(id(8)))
                    .setParentSpanId(ByteString.copyFrom(root)).setName("step " + i)
                    .setKind(Span.SpanKind.SPAN_KIND_INTERNAL).setStartTimeUnixNano(start + i * 100_000L)
                    .setEndTimeUnixNano(start + i * 100_000L + 50_000));
        }
        return ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(text("service.name", service)))
                .addScopeSpans(scope).build();
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
