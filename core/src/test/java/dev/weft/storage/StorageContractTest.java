package dev.weft.storage;

import dev.weft.model.AnyValue;
import dev.weft.model.LogRecord;
import dev.weft.model.MetricPoint;
import dev.weft.model.Span;
import dev.weft.model.StatusCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.weft.testing.TestTelemetry.MS;
import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.errorSpan;
import static dev.weft.testing.TestTelemetry.gauge;
import static dev.weft.testing.TestTelemetry.log;
import static dev.weft.testing.TestTelemetry.span;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link StorageComponent} must have. Each implementation's test extends
 * this class, as Zipkin's storage modules extend its {@code ITSpanStore}: the in-memory
 * storage defines the semantics, the others must agree with it.
 */
public abstract class StorageContractTest {

    protected StorageComponent storage;

    /** A storage holding nothing; called before every test. */
    protected abstract StorageComponent emptyStorage();

    /** Makes everything written so far visible to reads (Elasticsearch refreshes here). */
    protected void awaitWritten() {
    }

    @BeforeEach
    void setUpStorage() {
        storage = emptyStorage();
    }

    private void write(Span... spans) {
        storage.spanConsumer().accept(List.of(spans));
        awaitWritten();
    }

    @Test
    void getTraceReturnsEverySpanSortedByStart() {
        Span child = span(traceId(1), spanId(2), spanId(1), "orders", "SELECT", T0 + 5 * MS, 3 * MS);
        Span root = span(traceId(1), spanId(1), "", "api", "GET /orders", T0, 20 * MS);
        Span other = span(traceId(2), spanId(3), "", "api", "GET /other", T0, MS);
        write(child, root, other);

        assertThat(storage.spanStore().getTrace(traceId(1))).containsExactly(root, child);
        assertThat(storage.spanStore().getTrace(traceId(99))).isEmpty();
    }

    @Test
    void getTracesReturnsSeveralTracesAtOnce() {
        Span a1 = span(traceId(1), spanId(1), "", "api", "a", T0, MS);
        Span a2 = span(traceId(1), spanId(2), spanId(1), "api", "a2", T0 + MS, MS);
        Span b = span(traceId(2), spanId(3), "", "api", "b", T0, MS);
        write(a2, b, a1, span(traceId(3), spanId(4), "", "api", "c", T0, MS));

        Map<String, List<Span>> traces = storage.spanStore().getTraces(List.of(traceId(1), traceId(2), traceId(99)));

        assertThat(traces).containsOnlyKeys(traceId(1), traceId(2));
        assertThat(traces.get(traceId(1))).containsExactly(a1, a2);
        assertThat(traces.get(traceId(2))).containsExactly(b);
        assertThat(storage.spanStore().getTraces(List.of())).isEmpty();
    }

    @Test
    void spansOfOneTraceArrivingInSeveralBatchesAreOneTrace() {
        write(span(traceId(1), spanId(2), spanId(1), "orders", "SELECT", T0 + 5 * MS, 3 * MS));
        write(span(traceId(1), spanId(1), "", "api", "GET /orders", T0, 20 * MS));

        assertThat(storage.spanStore().getTrace(traceId(1))).extracting(Span::spanId)
                .containsExactly(spanId(1), spanId(2));
        assertThat(storage.spanStore().searchTraces(TraceQuery.all(10))).hasSize(1);
    }

    @Test
    void writingTheSameSpanTwiceStoresItOnce() {
        Span root = span(traceId(1), spanId(1), "", "api", "GET /orders", T0, 20 * MS);
        write(root);
        write(root);

        assertThat(storage.spanStore().getTrace(traceId(1))).containsExactly(root);
        assertThat(storage.spanStore().searchTraces(TraceQuery.all(10)).getFirst().spanCount()).isEqualTo(1);
    }

    @Test
    void spansKeepEveryField() {
        Span rich = span(traceId(7), spanId(7), spanId(6), "billing", "charge", T0, 42 * MS,
                new dev.weft.model.Status(StatusCode.ERROR, "card declined"),
                Map.of("s", AnyValue.of("x"), "i", AnyValue.of(Long.MAX_VALUE), "d", AnyValue.of(1.5),
                        "b", AnyValue.of(true), "bytes", new AnyValue.Bytes(new byte[]{1, 2, 3}),
                        "arr", new AnyValue.Array(List.of(AnyValue.of("a"), AnyValue.of(2L)))));
        write(rich);

        assertThat(storage.spanStore().getTrace(traceId(7))).containsExactly(rich);
    }

    @Test
    void searchSummarisesTracesNewestFirst() {
        write(span(traceId(1), spanId(1), "", "api", "GET /a", T0, 10 * MS),
                errorSpan(traceId(1), spanId(2), spanId(1), "db", "SELECT", T0 + MS, 20 * MS),
                span(traceId(2), spanId(3), "", "api", "GET /b", T0 + 100 * MS, 5 * MS));

        List<TraceSummary> found = storage.spanStore().searchTraces(TraceQuery.all(10));

        assertThat(found).containsExactly(
                new TraceSummary(traceId(2), "api", "GET /b", T0 + 100 * MS, 5 * MS, 1, 0),
                new TraceSummary(traceId(1), "api", "GET /a", T0, 21 * MS, 2, 1));
        assertThat(storage.spanStore().searchTraces(TraceQuery.all(1))).extracting(TraceSummary::traceId)
                .containsExactly(traceId(2));
    }

    @Test
    void summaryOfATraceWithoutItsRootUsesTheEarliestSpan() {
        write(span(traceId(1), spanId(3), spanId(1), "db", "SELECT", T0 + 2 * MS, MS),
                span(traceId(1), spanId(2), spanId(1), "cache", "GET", T0 + MS, MS));

        TraceSummary summary = storage.spanStore().searchTraces(TraceQuery.all(10)).getFirst();
        assertThat(summary.rootServiceName()).isEqualTo("cache");
        assertThat(summary.rootName()).isEqualTo("GET");
    }

    @Test
    void searchConditionsMustHoldOnOneSpan() {
        write(span(traceId(1), spanId(1), "", "api", "GET /a", T0, 10 * MS),
                errorSpan(traceId(1), spanId(2), spanId(1), "db", "SELECT", T0 + MS, 20 * MS),
                span(traceId(2), spanId(3), "", "db", "INSERT", T0, 50 * MS, dev.weft.model.Status.UNSET,
                        Map.of("db.system", AnyValue.of("postgresql"), "rows", AnyValue.of(3L))));
        SpanStore store = storage.spanStore();
        TraceQuery all = TraceQuery.all(10);

        assertThat(ids(store.searchTraces(all.withService("db")))).containsExactlyInAnyOrder(traceId(1), traceId(2));
        assertThat(ids(store.searchTraces(all.withService("api").withStatus(StatusCode.ERROR)))).isEmpty();
        assertThat(ids(store.searchTraces(all.withService("db").withStatus(StatusCode.ERROR))))
                .containsExactly(traceId(1));
        assertThat(ids(store.searchTraces(all.withSpanName("INSERT")))).containsExactly(traceId(2));
        assertThat(ids(store.searchTraces(all.withDuration(15 * MS, null)))).containsExactlyInAnyOrder(traceId(1), traceId(2));
        assertThat(ids(store.searchTraces(all.withDuration(15 * MS, 30 * MS)))).containsExactly(traceId(1));
        assertThat(ids(store.searchTraces(all.withAttributes(Map.of("db.system", "postgresql", "rows", "3")))))
                .containsExactly(traceId(2));
        assertThat(ids(store.searchTraces(all.withAttributes(Map.of("service.name", "api")))))
                .as("resource attributes match too").containsExactly(traceId(1));
        assertThat(ids(store.searchTraces(all.withAttributes(Map.of("rows", "4"))))).isEmpty();
    }

    @Test
    void searchIsBoundedByTime() {
        write(span(traceId(1), spanId(1), "", "api", "old", T0, MS),
                span(traceId(2), spanId(2), "", "api", "new", T0 + 60_000 * MS, MS));

        assertThat(ids(storage.spanStore().searchTraces(TraceQuery.all(10)
                .withTimeRange(new TimeRange(T0 + 30_000 * MS, T0 + 90_000 * MS))))).containsExactly(traceId(2));
        assertThat(ids(storage.spanStore().searchTraces(TraceQuery.all(10)
                .withTimeRange(new TimeRange(T0, T0))))).containsExactly(traceId(1));
    }

    @Test
    void serviceAndOperationNames() {
        write(span(traceId(1), spanId(1), "", "api", "GET /a", T0, MS),
                span(traceId(1), spanId(2), spanId(1), "api", "GET /b", T0, MS),
                span(traceId(2), spanId(3), "", "db", "SELECT", T0, MS));

        assertThat(storage.spanStore().serviceNames()).containsExactly("api", "db");
        assertThat(storage.spanStore().operationNames("api")).containsExactly("GET /a", "GET /b");
        assertThat(storage.spanStore().operationNames("nope")).isEmpty();
    }

    @Test
    void logsByTraceSpanServiceSeverityTextAndTime() {
        LogRecord info = log("api", T0, 9, "order accepted", traceId(1), spanId(1));
        LogRecord error = log("api", T0 + MS, 17, "Payment FAILED", traceId(1), spanId(2));
        LogRecord other = log("db", T0 + 2 * MS, 13, "slow query", "", "");
        storage.logConsumer().accept(List.of(info, error, other));
        awaitWritten();
        LogStore logs = storage.logStore();
        LogQuery all = LogQuery.all(10);

        assertThat(logs.findLogs(all)).containsExactly(other, error, info);
        assertThat(logs.findLogs(all.withTrace(traceId(1), null))).containsExactly(error, info);
        assertThat(logs.findLogs(all.withTrace(traceId(1), spanId(1)))).containsExactly(info);
        assertThat(logs.findLogs(all.withService("db"))).containsExactly(other);
        assertThat(logs.findLogs(all.withMinSeverity(13))).containsExactly(other, error);
        assertThat(logs.findLogs(all.withText("payment failed"))).containsExactly(error);
        assertThat(logs.findLogs(all.withTimeRange(new TimeRange(T0 + MS, T0 + MS)))).containsExactly(error);
        assertThat(logs.findLogs(LogQuery.all(1))).containsExactly(other);
    }

    @Test
    void logsOfSeveralTracesAtOnce() {
        LogRecord a = log("api", T0, 9, "a", traceId(1), spanId(1));
        LogRecord b = log("api", T0 + MS, 9, "b", traceId(2), spanId(2));
        LogRecord c = log("api", T0 + 2 * MS, 9, "c", traceId(3), spanId(3));
        storage.logConsumer().accept(List.of(a, b, c));
        awaitWritten();

        assertThat(storage.logStore().findLogsOfTraces(List.of(traceId(1), traceId(2)), 10)).containsExactly(b, a);
        assertThat(storage.logStore().findLogsOfTraces(List.of(traceId(1), traceId(2)), 1)).containsExactly(b);
        assertThat(storage.logStore().findLogsOfTraces(List.of(), 10)).isEmpty();
    }

    @Test
    void logsOfAFunctionInvocationWithoutTraceContext() {
        LogRecord byAttribute = new LogRecord(T0, T0, 9, "INFO", AnyValue.of("START RequestId: r-1"),
                dev.weft.model.Attributes.of("faas.invocation_id", AnyValue.of("r-1")), 0, 0, "", "", "",
                dev.weft.testing.TestTelemetry.resource("fn"), null);
        LogRecord byRequestId = new LogRecord(T0 + MS, T0 + MS, 17, "ERROR", AnyValue.of("Task timed out"),
                dev.weft.model.Attributes.empty(), 0, 0, "", "", "",
                new dev.weft.model.Resource(dev.weft.model.Attributes.of("aws.request_id", AnyValue.of("r-1")), 0, ""), null);
        LogRecord other = log("fn", T0 + 2 * MS, 9, "END", "", "");
        storage.logConsumer().accept(List.of(byAttribute, byRequestId, other));
        awaitWritten();

        assertThat(storage.logStore().findLogs(LogQuery.all(10).withInvocationId("r-1")))
                .containsExactly(byRequestId, byAttribute);
        assertThat(storage.logStore().findLogs(LogQuery.all(10).withInvocationId("r-2"))).isEmpty();
    }

    @Test
    void metricsByNameServiceAndTime() {
        MetricPoint a = gauge("api", "queue.depth", T0, 1.0);
        MetricPoint b = gauge("api", "queue.depth", T0 + MS, 2.0);
        MetricPoint c = gauge("db", "connections", T0 + 2 * MS, 7.0);
        storage.metricConsumer().accept(List.of(a, b, c));
        awaitWritten();
        MetricStore metrics = storage.metricStore();

        assertThat(metrics.findMetrics(new MetricQuery(null, null, null, 10))).containsExactly(c, b, a);
        assertThat(metrics.findMetrics(new MetricQuery("queue.depth", null, null, 10))).containsExactly(b, a);
        assertThat(metrics.findMetrics(new MetricQuery(null, "db", null, 10))).containsExactly(c);
        assertThat(metrics.findMetrics(new MetricQuery(null, null, new TimeRange(T0, T0), 10))).containsExactly(a);
        assertThat(metrics.findMetrics(new MetricQuery("queue.depth", null, null, 1))).containsExactly(b);
    }

    private static List<String> ids(List<TraceSummary> summaries) {
        return summaries.stream().map(TraceSummary::traceId).toList();
    }
}
