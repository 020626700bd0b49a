package dev.weft.bench.generate;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Builds batches of realistic traces: one SERVER root per trace, with CLIENT (HTTP, database),
 * PRODUCER and INTERNAL children, and HTTP calls answered by a SERVER span of another service.
 *
 * <p>Generation is cheap so that the generator is not the bottleneck on a machine it shares with
 * the server: protobuf messages are immutable, so every attribute that need not vary is built
 * once and shared; per span only ids, times and a few values are new. Ids and times are fresh in
 * every batch, unlike a pool of pre-built requests, so the server never sees a span twice.
 * Not thread-safe: one generator per sending thread.
 */
public final class SpanGenerator {

    private static final String[] SERVICE_NAMES = {"frontend", "checkout", "payment", "inventory", "shipping",
            "email", "recommendation", "auth", "search", "ads"};
    private static final double ERROR_RATE = 0.02;
    private static final long MS = 1_000_000L;

    private enum Category { SERVER, HTTP_CLIENT, DB, PRODUCER, INTERNAL }

    private record Template(Category category, String name, SpanKind kind, List<KeyValue> attributes,
                            List<KeyValue> exception) {
    }

    private static final Template[] SERVERS = {
            server("GET", "/api/orders/{id}", "/api/orders/1042"),
            server("POST", "/api/orders", "/api/orders"),
            server("GET", "/api/products", "/api/products"),
            server("PUT", "/api/cart/{id}", "/api/cart/77")};
    private static final Template[] HTTP_CLIENTS = {
            httpClient("GET", "http://inventory:8080/api/stock/1042", "inventory", 8080),
            httpClient("POST", "https://api.stripe.example/v1/charges", "api.stripe.example", 443)};
    private static final Template[] DATABASES = {
            database("postgresql", "shop", "SELECT", "orders", "SELECT id, status, total FROM orders WHERE id = $1", 5432),
            database("postgresql", "shop", "INSERT", "order_items", "INSERT INTO order_items (order_id, sku, qty) VALUES ($1, $2, $3)", 5432),
            database("redis", "0", "GET", "session", "GET session:*", 6379)};
    private static final Template[] PRODUCERS = {producer("orders"), producer("payments"), producer("notifications")};
    private static final Template[] INTERNALS = {internal("OrderService.price"), internal("CartService.validate"),
            internal("PaymentService.authorize")};

    private final SplittableRandom random;
    private final Resource[] resources;
    private final InstrumentationScope scope = InstrumentationScope.newBuilder()
            .setName("dev.weft.bench").setVersion("0.1.0").build();
    private final KeyValue[][] extraAttributes;
    private final List<List<Span>> spansByService = new ArrayList<>();

    // Per-trace scratch state, indexed by position in the trace; parents lists the spans that may have children.
    private final ByteString[] spanIds;
    private final long[] starts;
    private final long[] ends;
    private final int[] serviceOf;
    private final int[] parents;
    private int parentCount;
    private long kafkaOffset;

    public SpanGenerator(int services, int spansPerTrace, int extraAttributes, long seed) {
        this.random = new SplittableRandom(seed);
        this.resources = new Resource[services];
        for (int i = 0; i < services; i++) {
            String name = i < SERVICE_NAMES.length ? SERVICE_NAMES[i] : "service-" + (i + 1);
            resources[i] = Resource.newBuilder()
                    .addAttributes(string("service.name", name))
                    .addAttributes(string("service.version", "1." + i + ".0"))
                    .addAttributes(string("service.instance.id", new UUID(random.nextLong(), random.nextLong()).toString()))
                    .addAttributes(string("deployment.environment.name", "bench"))
                    .addAttributes(string("telemetry.sdk.name", "opentelemetry"))
                    .addAttributes(string("telemetry.sdk.language", "java"))
                    .addAttributes(string("telemetry.sdk.version", "1.68.0"))
                    .addAttributes(string("host.name", name + "-" + Integer.toHexString(random.nextInt(0x10000, 0x100000))))
                    .build();
            spansByService.add(new ArrayList<>());
        }
        this.extraAttributes = new KeyValue[extraAttributes][];
        for (int i = 0; i < extraAttributes; i++) {
            String key = "bench.attr." + i;
            KeyValue[] variants = new KeyValue[8];
            for (int v = 0; v < variants.length; v++) {
                variants[v] = switch (i % 4) {
                    case 0 -> string(key, "value-" + v);
                    case 1 -> integer(key, v * 100L);
                    case 2 -> kv(key, AnyValue.newBuilder().setDoubleValue(v * 1.5).build());
                    default -> kv(key, AnyValue.newBuilder().setBoolValue(v % 2 == 0).build());
                };
            }
            this.extraAttributes[i] = variants;
        }
        spanIds = new ByteString[spansPerTrace];
        starts = new long[spansPerTrace];
        ends = new long[spansPerTrace];
        serviceOf = new int[spansPerTrace];
        parents = new int[spansPerTrace];
    }

    /** A request of exactly {@code spanCount} spans; the last trace is cut short when the count is not a multiple. */
    public ExportTraceServiceRequest nextBatch(int spanCount) {
        long nowNanos = System.currentTimeMillis() * MS;
        for (int remaining = spanCount; remaining > 0; remaining -= spanIds.length) {
            addTrace(Math.min(spanIds.length, remaining), nowNanos);
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (int s = 0; s < resources.length; s++) {
            List<Span> spans = spansByService.get(s);
            if (!spans.isEmpty()) {
                request.addResourceSpans(ResourceSpans.newBuilder().setResource(resources[s])
                        .addScopeSpans(ScopeSpans.newBuilder().setScope(scope).addAllSpans(spans)));
                spans.clear();
            }
        }
        return request.build();
    }

    private void addTrace(int count, long nowNanos) {
        ByteString traceId = traceId();
        parentCount = 0;
        long end = nowNanos - random.nextLong(MS, 50 * MS);
        long start = end - random.nextLong(5 * MS, 500 * MS);
        addSpan(traceId, 0, -1, random.nextInt(resources.length), pick(SERVERS), start, end);
        int n = 1;
        while (n < count) {
            int parent = parents[random.nextInt(parentCount)];
            double r = random.nextDouble();
            if (r < 0.3) {
                addChild(traceId, n++, parent, serviceOf[parent], pick(HTTP_CLIENTS));
                if (n < count) {  // the callee: a SERVER span of another service, child of the CLIENT span
                    int callee = (serviceOf[parent] + 1 + random.nextInt(Math.max(1, resources.length - 1))) % resources.length;
                    addChild(traceId, n, n - 1, callee, pick(SERVERS));
                    n++;
                }
            } else {
                Template t = r < 0.55 ? pick(DATABASES) : r < 0.75 ? pick(PRODUCERS) : pick(INTERNALS);
                addChild(traceId, n++, parent, serviceOf[parent], t);
            }
        }
    }

    /** Places the child inside its parent's interval, starting in the parent's first half. */
    private void addChild(ByteString traceId, int index, int parent, int service, Template t) {
        long parentLength = ends[parent] - starts[parent];
        long start = starts[parent] + random.nextLong(parentLength / 2 + 1);
        long end = start + 1 + random.nextLong(ends[parent] - start);
        addSpan(traceId, index, parent, service, t, start, end);
    }

    private void addSpan(ByteString traceId, int index, int parent, int service, Template t, long start, long end) {
        spanIds[index] = spanId();
        starts[index] = start;
        ends[index] = end;
        serviceOf[index] = service;
        if (t.kind() == SpanKind.SPAN_KIND_SERVER || t.kind() == SpanKind.SPAN_KIND_INTERNAL) {
            parents[parentCount++] = index;
        }
        boolean error = random.nextDouble() < ERROR_RATE;
        Span.Builder span = Span.newBuilder().setTraceId(traceId).setSpanId(spanIds[index])
                .setName(t.name()).setKind(t.kind()).setStartTimeUnixNano(start).setEndTimeUnixNano(end)
                .addAllAttributes(t.attributes());
        if (parent >= 0) {
            span.setParentSpanId(spanIds[parent]);
        }
        switch (t.category()) {
            case SERVER -> span.addAttributes(integer("http.response.status_code", error ? 500 : 200));
            case HTTP_CLIENT -> span.addAttributes(integer("http.response.status_code", error ? 503 : 200));
            case DB -> span.addAttributes(integer("db.response.returned_rows", error ? 0 : random.nextInt(1, 200)));
            case PRODUCER -> span
                    .addAttributes(string("messaging.destination.partition.id", Integer.toString(random.nextInt(6))))
                    .addAttributes(integer("messaging.kafka.offset", kafkaOffset++))
                    .addAttributes(string("messaging.message.id", Long.toHexString(random.nextLong())));
            case INTERNAL -> span
                    .addAttributes(integer("app.items.count", random.nextInt(1, 20)))
                    .addAttributes(kv("app.order.total", AnyValue.newBuilder()
                            .setDoubleValue(random.nextInt(100, 50_000) / 100.0).build()))
                    .addAttributes(kv("app.cache.hit", AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build()));
        }
        for (KeyValue[] variants : extraAttributes) {
            span.addAttributes(variants[random.nextInt(variants.length)]);
        }
        if (error) {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                            .setMessage(t.exception().get(1).getValue().getStringValue()))
                    .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(end)
                            .addAllAttributes(t.exception()));
        }
        spansByService.get(service).add(span.build());
    }

    private Template pick(Template[] templates) {
        return templates[random.nextInt(templates.length)];
    }

    private ByteString traceId() {
        long high;
        long low;
        do {
            high = random.nextLong();
            low = random.nextLong();
        } while (high == 0 && low == 0);
        return UnsafeByteOperations.unsafeWrap(toBytes(high, low));
    }

    private ByteString spanId() {
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        return UnsafeByteOperations.unsafeWrap(toBytes(id));
    }

    /** Big-endian bytes of the values, as ids travel in OTLP. */
    private static byte[] toBytes(long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length);
        for (long value : values) {
            bytes.putLong(value);
        }
        return bytes.array();
    }

    private static Template server(String method, String route, String path) {
        return new Template(Category.SERVER, method + " " + route, SpanKind.SPAN_KIND_SERVER, List.of(
                string("http.request.method", method), string("http.route", route), string("url.path", path),
                string("url.scheme", "http"), integer("server.port", 8080), string("network.protocol.version", "1.1"),
                string("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")),
                exception("java.lang.IllegalStateException", "order is locked by another request"));
    }

    private static Template httpClient(String method, String url, String host, int port) {
        return new Template(Category.HTTP_CLIENT, method, SpanKind.SPAN_KIND_CLIENT, List.of(
                string("http.request.method", method), string("url.full", url), string("server.address", host),
                integer("server.port", port)),
                exception("java.net.SocketTimeoutException", "Read timed out"));
    }

    private static Template database(String system, String namespace, String operation, String collection,
                                     String query, int port) {
        return new Template(Category.DB, operation + " " + collection, SpanKind.SPAN_KIND_CLIENT, List.of(
                string("db.system.name", system), string("db.namespace", namespace),
                string("db.operation.name", operation), string("db.collection.name", collection),
                string("db.query.text", query), string("server.address", system + ".internal"),
                integer("server.port", port)),
                exception("java.sql.SQLTransientConnectionException", "connection is not available, request timed out"));
    }

    private static Template producer(String topic) {
        return new Template(Category.PRODUCER, "send " + topic, SpanKind.SPAN_KIND_PRODUCER, List.of(
                string("messaging.system", "kafka"), string("messaging.destination.name", topic),
                string("messaging.operation.type", "send"), string("messaging.operation.name", "send"),
                string("messaging.client.id", "producer-1")),
                exception("org.apache.kafka.common.errors.TimeoutException", "Expiring 1 record(s) for " + topic + "-0"));
    }

    private static Template internal(String function) {
        return new Template(Category.INTERNAL, function, SpanKind.SPAN_KIND_INTERNAL,
                List.of(string("code.function.name", function)),
                exception("java.lang.IllegalArgumentException", "quantity must be positive"));
    }

    /** Attributes of an OTLP exception event; the message is second, it doubles as the status message. */
    private static List<KeyValue> exception(String type, String message) {
        return List.of(string("exception.type", type), string("exception.message", message),
                string("exception.stacktrace", type + ": " + message + "\n\tat dev.weft.shop.Handler.handle(Handler.java:42)"));
    }

    private static KeyValue string(String key, String value) {
        return kv(key, AnyValue.newBuilder().setStringValue(value).build());
    }

    private static KeyValue integer(String key, long value) {
        return kv(key, AnyValue.newBuilder().setIntValue(value).build());
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
