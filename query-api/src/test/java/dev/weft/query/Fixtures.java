package dev.weft.query;

import dev.weft.model.AggregationTemporality;
import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Exemplar;
import dev.weft.model.InstrumentationScope;
import dev.weft.model.LogRecord;
import dev.weft.model.MetricDescriptor;
import dev.weft.model.MetricPoint;
import dev.weft.model.MetricType;
import dev.weft.model.PointData;
import dev.weft.model.Resource;
import dev.weft.model.Span;
import dev.weft.model.SpanEvent;
import dev.weft.model.SpanKind;
import dev.weft.model.SpanLink;
import dev.weft.model.Status;
import dev.weft.model.StatusCode;
import dev.weft.storage.StorageComponent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Telemetry the API tests query. Times are offsets from {@link #T}, 2023-11-14T22:13:20Z,
 * which is exactly 1700000000 Unix seconds so that time filters read naturally in every unit.
 * Traces start one second apart: A at T, B at T+1s, C at T+2s, D at T+3s.
 */
public final class Fixtures {

    public static final long T = 1_700_000_000_000_000_000L;
    public static final long MS = 1_000_000L;
    public static final long S = 1_000_000_000L;

    /** Trace A (api -> orders, with an error) has leading zeros, to test ids typed without them. */
    public static final String TRACE_A = "00000000000000004bf92f3577b34da6";
    public static final String TRACE_B = "5b8aa5a2d2c872e8321cf37308d69df2";
    public static final String TRACE_C = "0af7651916cd43dd8448eb211c80319c";
    public static final String TRACE_D = "11111111111111111111111111111111";
    public static final String ROOT_A = "00f067aa0ba902b7";
    public static final String DB_A = "a000000000000001";
    public static final String ORDERS_A = "a000000000000002";

    /** An int64 attribute value one above 2^53, which a double cannot hold. */
    public static final long BIG = (1L << 53) + 1;

    static final Resource API = resource("api");
    static final Resource ORDERS = resource("orders");
    static final Resource BILLING = new Resource(Attributes.of(Map.of(Resource.SERVICE_NAME, AnyValue.of("billing"),
            "deployment.environment", AnyValue.of("prod"))), 0, "");
    static final InstrumentationScope SCOPE = new InstrumentationScope("io.opentelemetry.servlet", "2.1.0",
            Attributes.of("scope.flavour", AnyValue.of("vanilla")), 0, "");

    private Fixtures() {
    }

    public static void write(StorageComponent storage) {
        storage.spanConsumer().accept(spans());
        storage.logConsumer().accept(logs());
        storage.metricConsumer().accept(metrics());
    }

    static List<Span> spans() {
        Map<String, AnyValue> rootAttributes = new LinkedHashMap<>();
        rootAttributes.put("http.method", AnyValue.of("GET"));
        rootAttributes.put("http.status_code", AnyValue.of(200L));
        rootAttributes.put("big", AnyValue.of(BIG));
        rootAttributes.put("negative.big", AnyValue.of(-BIG));
        rootAttributes.put("safe", AnyValue.of(1L << 53));
        rootAttributes.put("ratio", AnyValue.of(0.25));
        rootAttributes.put("cached", AnyValue.of(true));
        rootAttributes.put("raw", new AnyValue.Bytes(new byte[] {1, 2, 3}));
        rootAttributes.put("tags", new AnyValue.Array(List.of(AnyValue.of("a"), AnyValue.of(7L))));
        rootAttributes.put("user", new AnyValue.KvList(Attributes.of(Map.of("id", AnyValue.of("u-1")))));
        rootAttributes.put("nothing", AnyValue.Empty.INSTANCE);
        Span rootA = new Span(TRACE_A, ROOT_A, "vendor=1", "", 1, "GET /orders", SpanKind.SERVER,
                T, T + 100 * MS, Attributes.of(rootAttributes), 2,
                List.of(new SpanEvent(T + 5 * MS, "cache.miss", Attributes.of("key", AnyValue.of("o-1")), 0)), 1,
                List.of(new SpanLink(TRACE_B, "b000000000000001", "", Attributes.of("rel", AnyValue.of("follows")), 0, 0)),
                0, Status.UNSET, API, SCOPE);
        return List.of(
                rootA,
                span(TRACE_A, DB_A, ROOT_A, "SELECT orders", SpanKind.CLIENT, T + 10 * MS, 20 * MS,
                        Status.UNSET, API, Attributes.empty()),
                span(TRACE_A, ORDERS_A, ROOT_A, "process", SpanKind.CONSUMER, T + 40 * MS, 50 * MS,
                        new Status(StatusCode.ERROR, "boom"), ORDERS, Attributes.empty()),
                span(TRACE_B, "b000000000000001", "", "charge", SpanKind.SERVER, T + S, 2 * S,
                        new Status(StatusCode.OK, ""), BILLING, Attributes.of("customer.tier", AnyValue.of("gold"))),
                span(TRACE_C, "c000000000000001", "", "GET /health", SpanKind.SERVER, T + 2 * S, MS,
                        Status.UNSET, API, Attributes.of("http.method", AnyValue.of("GET"))),
                span(TRACE_D, "d000000000000001", "", "tick", SpanKind.INTERNAL, T + 3 * S, 10 * MS,
                        Status.UNSET, Resource.EMPTY, Attributes.empty()));
    }

    static List<LogRecord> logs() {
        return List.of(
                log(T + 5 * MS, 0, 9, "INFO", AnyValue.of("order received"), TRACE_A, ROOT_A, API),
                log(T + 45 * MS, 0, 17, "ERROR", AnyValue.of("payment FAILED: card declined"), TRACE_A, ORDERS_A, ORDERS),
                log(T + 1100 * MS, 0, 13, "WARN", new AnyValue.KvList(Attributes.of(Map.of("ms", AnyValue.of(1200L)))),
                        TRACE_B, "b000000000000001", BILLING),
                // No event time: filtered and ordered by the observed time, T+3s.
                log(0, T + 3 * S, 5, "DEBUG", AnyValue.of("health ok"), "", "", API));
    }

    static List<MetricPoint> metrics() {
        return List.of(
                metric("cpu.usage", MetricType.GAUGE, AggregationTemporality.UNSPECIFIED, false, API,
                        new PointData.NumberPoint(Attributes.of("cpu", AnyValue.of(0L)), 0, T, 0.5, List.of(), 0)),
                metric("requests", MetricType.SUM, AggregationTemporality.CUMULATIVE, true, API,
                        new PointData.NumberPoint(Attributes.of("route", AnyValue.of("/orders")), T - S, T + S, 42L,
                                List.of(new Exemplar(Attributes.empty(), T + S - MS, BIG, ROOT_A, TRACE_A)), 1)),
                metric("latency", MetricType.HISTOGRAM, AggregationTemporality.DELTA, false, BILLING,
                        new PointData.HistogramPoint(Attributes.empty(), T + S, T + 2 * S, 3, 6.0,
                                List.of(1L, 2L), List.of(5.0), List.of(), 0, null, null)),
                metric("latency.exp", MetricType.EXPONENTIAL_HISTOGRAM, AggregationTemporality.DELTA, false, ORDERS,
                        new PointData.ExponentialHistogramPoint(Attributes.empty(), T + 2 * S, T + 3 * S, 4, 10.0, 2, 1,
                                new PointData.Buckets(-1, List.of(1L, 2L)), PointData.Buckets.EMPTY, 0, List.of(),
                                0.5, 4.0, 0.001)),
                metric("gc.pause", MetricType.SUMMARY, AggregationTemporality.UNSPECIFIED, false, API,
                        new PointData.SummaryPoint(Attributes.empty(), T, T + 4 * S, 2, 30.0,
                                List.of(new PointData.ValueAtQuantile(0.5, 10.0), new PointData.ValueAtQuantile(1.0, 20.0)),
                                0)));
    }

    private static Span span(String traceId, String spanId, String parent, String name, SpanKind kind, long start,
                             long duration, Status status, Resource resource, Attributes attributes) {
        return new Span(traceId, spanId, "", parent, 1, name, kind, start, start + duration, attributes, 0,
                List.of(), 0, List.of(), 0, status, resource, SCOPE);
    }

    private static LogRecord log(long time, long observed, int severity, String severityText, AnyValue body,
                                 String traceId, String spanId, Resource resource) {
        return new LogRecord(time, observed == 0 ? time : observed, severity, severityText, body,
                Attributes.of("logger", AnyValue.of("app")), 0, 0, traceId, spanId, "", resource, SCOPE);
    }

    private static MetricPoint metric(String name, MetricType type, AggregationTemporality temporality,
                                      boolean monotonic, Resource resource, PointData point) {
        return new MetricPoint(new MetricDescriptor(name, name + " description", "1", type, temporality, monotonic,
                Attributes.empty()), point, resource, SCOPE);
    }

    private static Resource resource(String service) {
        return new Resource(Attributes.of(Resource.SERVICE_NAME, AnyValue.of(service)), 0, "");
    }
}
