package dev.weft.bench.correlation;

import com.google.protobuf.ByteString;
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
import io.opentelemetry.proto.trace.v1.Status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

/**
 * Measures how long Weft takes to assemble a large journey with its root cause and critical
 * path: it sends one chain of {@code --traces} traces of {@code --spans-per-trace} spans each
 * (joined by message ids, the last hop failing), waits until the journey is complete, then times
 * {@code --requests} sequential {@code GET /api/v1/traces/{id}/journey} calls by a middle trace.
 *
 * <pre>java -Dloader.main=dev.weft.bench.correlation.JourneyLatencyProbe -cp weft-bench.jar \
 *     org.springframework.boot.loader.launch.PropertiesLauncher --traces=50 --spans-per-trace=40</pre>
 */
public final class JourneyLatencyProbe {

    private final Random random = new Random(7);

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("endpoint", "localhost:4317", "query", "http://localhost:3200",
                "traces", "50", "spans-per-trace", "40", "requests", "200", "warmup", "20"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0 || !options.containsKey(arg.substring(2, eq))) {
                System.err.println("usage: --endpoint=host:4317 --query=http://host:3200 --traces=50 --spans-per-trace=40 "
                        + "--requests=200 --warmup=20");
                System.exit(2);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        System.exit(new JourneyLatencyProbe().run(options.get("endpoint"), options.get("query"),
                Integer.parseInt(options.get("traces")), Integer.parseInt(options.get("spans-per-trace")),
                Integer.parseInt(options.get("requests")), Integer.parseInt(options.get("warmup"))));
    }

    int run(String endpoint, String query, int traces, int spansPerTrace, int requests, int warmup) throws Exception {
        String run = Long.toHexString(random.nextLong() ^ System.nanoTime());
        byte[][] traceIds = new byte[traces][];
        long start = System.currentTimeMillis() * 1_000_000L;
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (int t = 0; t < traces; t++) {
            traceIds[t] = id(16);
            request.addResourceSpans(trace(traceIds[t], t, traces, spansPerTrace, start + t * 50_000_000L, run));
        }
        ManagedChannel channel = ManagedChannelBuilder.forTarget(endpoint.replaceFirst("^http://", "")).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        TraceServiceGrpc.newBlockingStub(channel).export(request.build());
        channel.shutdownNow();

        String middle = HexFormat.of().formatHex(traceIds[traces / 2]);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create(query + "/api/v1/traces/" + middle + "/journey")).build();
        long waitStart = System.nanoTime();
        String body = "";
        while (!complete(body, traces, traces * spansPerTrace)) {
            if (System.nanoTime() - waitStart > 60_000_000_000L) {
                System.err.println("journey not complete after 60 s");
                return 1;
            }
            Thread.sleep(100);
            body = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
        }
        System.out.printf("journey complete after %.1f s; %d bytes%n", (System.nanoTime() - waitStart) / 1e9, body.length());
        for (int i = 0; i < warmup; i++) {
            http.send(get, HttpResponse.BodyHandlers.ofString());
        }
        LatencyRecorder latencies = new LatencyRecorder();
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
            latencies.record(System.nanoTime() - t0);
            if (response.statusCode() != 200) {
                System.err.println("GET answered " + response.statusCode());
                return 1;
            }
        }
        long[] sorted = latencies.sortedSnapshot();
        System.out.printf("RESULT traces=%d spans=%d requests=%d p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
                traces, traces * spansPerTrace, requests, ms(sorted, 50), ms(sorted, 95), ms(sorted, 99), ms(sorted, 100));
        return 0;
    }

    private static boolean complete(String journey, int traces, int spans) {
        int ids = journey.indexOf("\"traceIds\":[");
        if (ids < 0 || !journey.contains("\"rootCause\":{")) {
            return false;
        }
        String list = journey.substring(ids, journey.indexOf(']', ids));
        return list.split(",").length == traces && journey.split("\"parentSpanId\"", -1).length - 1 == spans;
    }

    private static double ms(long[] sorted, double percentile) {
        return LatencyRecorder.percentile(sorted, percentile) / 1e6;
    }

    private byte[] id(int length) {
        byte[] id = new byte[length];
        random.nextBytes(id);
        id[0] |= 1;
        return id;
    }

    /** Hop {@code hop} of the chain: consumes message hop-1 (unless first), publishes message hop (unless last). */
    private ResourceSpans trace(byte[] traceId, int hop, int hops, int spans, long start, String run) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        byte[] root = id(8);
        Span.Builder entry = Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(root))
                .setName(hop == 0 ? "POST /start" : "hop process").setStartTimeUnixNano(start)
                .setEndTimeUnixNano(start + 40_000_000L)
                .setKind(hop == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CONSUMER);
        if (hop > 0) {
            entry.addAttributes(text("messaging.message.id", run + "-" + (hop - 1)));
        }
        scope.addSpans(entry);
        for (int i = 1; i < spans; i++) {
            boolean publish = i == spans - 1 && hop < hops - 1;
            boolean fails = i == spans - 1 && hop == hops - 1;
            Span.Builder span = Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(id(8)))
                    .setParentSpanId(ByteString.copyFrom(root)).setName(publish ? "hop send" : "work " + i)
                    .setKind(publish ? Span.SpanKind.SPAN_KIND_PRODUCER : Span.SpanKind.SPAN_KIND_INTERNAL)
                    .setStartTimeUnixNano(start + i * 500_000L).setEndTimeUnixNano(start + i * 500_000L + 400_000L)
                    .addAttributes(text("step", Integer.toString(i)));
            if (publish) {
                span.addAttributes(text("messaging.message.id", run + "-" + hop));
            }
            if (fails) {
                span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("last hop failed"));
            }
            scope.addSpans(span);
        }
        return ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAttributes(text("service.name", "hop-" + hop % 5)))
                .addScopeSpans(scope).build();
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
