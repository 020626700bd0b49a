package dev.weft.traceql;

import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Resource;
import dev.weft.model.Span;
import dev.weft.model.SpanKind;
import dev.weft.model.Status;
import dev.weft.model.StatusCode;
import dev.weft.storage.TimeRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.weft.testing.TestTelemetry.MS;
import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link TraceQlSearcher} must answer, on one set of traces: every example of
 * Grafana's search builder, each operator and type, scopes, trace-level intrinsics, time range,
 * limit and spans per spanset, tag names and values. The memory storage defines the semantics;
 * each other storage extends this class and must agree with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TraceQlSearcherContractTest {

    static final long S = 1_000 * MS;

    static final Resource FRONTEND = resource("frontend", "http.method", AnyValue.of("POST"));
    static final Resource CART = resource("cart", "http.method", AnyValue.of("GET"), "deployment", AnyValue.of("prod"));
    static final Resource CART_DB = resource("cart-db");
    static final Resource CHECKOUT = resource("checkout");
    static final Resource A = resource("a");
    static final Resource B = resource("b");
    static final Resource BATCH = resource("batch");
    static final Resource SCOPED = resource("scoped", "env", AnyValue.of("prod-resource"));

    private TraceQlSearcher searcher;

    /** A searcher over exactly these spans, written and visible; called once for the class. */
    protected abstract TraceQlSearcher searcherOver(List<Span> spans);

    @BeforeAll
    void writeTraces() {
        searcher = searcherOver(traces());
    }

    protected static List<Span> traces() {
        List<Span> spans = new ArrayList<>();
        spans.add(span(1, 10, 0, FRONTEND, "GET /api", SpanKind.SERVER, 1 * S, 200 * MS, new Status(StatusCode.ERROR, "timeout"),
                "http.method", AnyValue.of("GET"), "http.status_code", AnyValue.of(500L), "ratio", AnyValue.of(0.5),
                "cached", AnyValue.of(true)));
        spans.add(span(1, 11, 10, CART, "SELECT", SpanKind.CLIENT, 1 * S + 10 * MS, 50 * MS, Status.UNSET,
                "db.system", AnyValue.of("postgres")));
        spans.add(span(2, 20, 0, FRONTEND, "GET /api", SpanKind.SERVER, 2 * S, 6 * S, new Status(StatusCode.ERROR, "")));
        spans.add(span(3, 30, 0, FRONTEND, "GET /api", SpanKind.SERVER, 3 * S, 200 * MS, new Status(StatusCode.OK, ""),
                "http.method", AnyValue.of("PUT")));
        spans.add(span(4, 40, 0, CART, "checkout-cart", SpanKind.SERVER, 4 * S, 100 * MS, Status.UNSET,
                "http.status_code", AnyValue.of(500L)));
        spans.add(span(5, 50, 0, CART_DB, "q", SpanKind.SERVER, 5 * S, 100 * MS, Status.UNSET,
                "http.status_code", AnyValue.of(500L), "http.method", AnyValue.of("GET")));
        spans.add(span(6, 60, 0, CHECKOUT, "pay", SpanKind.SERVER, 6 * S, 100 * MS, Status.UNSET,
                "http.status_code", AnyValue.of("500"), "http.method", AnyValue.of("GET")));
        spans.add(span(7, 70, 0, CHECKOUT, "pay", SpanKind.SERVER, 7 * S, 100 * MS, Status.UNSET,
                "http.status_code", AnyValue.of(500L), "http.method", AnyValue.of("GET")));
        spans.add(span(7, 71, 70, CHECKOUT, "ledger", SpanKind.CLIENT, 8600 * MS, 100 * MS, Status.UNSET));
        spans.add(span(8, 80, 0, A, "x", SpanKind.SERVER, 8 * S, 50 * MS, Status.UNSET));
        spans.add(span(8, 81, 80, A, "y", SpanKind.CLIENT, 8 * S + 10 * MS, 10 * MS, Status.UNSET));
        spans.add(span(9, 90, 0, B, "z", SpanKind.SERVER, 9 * S, 50 * MS, Status.UNSET));
        spans.add(span(10, 100, 0, A, "x", SpanKind.CLIENT, 10 * S, 50 * MS, Status.UNSET));
        spans.add(span(11, 110, 0, BATCH, "worker", SpanKind.INTERNAL, 11 * S, 100 * MS, Status.UNSET));
        for (int i = 1; i <= 5; i++) {
            spans.add(span(11, 110 + i, 110, BATCH, "item", SpanKind.INTERNAL, 11 * S + i * 10 * MS, 10 * MS, Status.UNSET,
                    "item.index", AnyValue.of((long) i)));
        }
        spans.add(span(12, 120, 0, SCOPED, "scoped", SpanKind.SERVER, 12 * S, 10 * MS, Status.UNSET,
                "env", AnyValue.of("prod-span"), "tags", new AnyValue.Array(List.of(AnyValue.of("x")))));
        return spans;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '§', textBlock = """
            {} => 12 11 10 9 8 7 6 5 4 3 2 1
            {resource.service.name="frontend" && name="GET /api" && status=error && duration>100ms && duration<5s} => 1
            {traceDuration>=1.5s} => 7 2
            {resource.service.name=~"cart|checkout" && span.http.status_code=500 && .http.method="GET"} => 7 4
            {(resource.service.name="a" || resource.service.name="b") && kind=server} => 9 8
            {resource.env="prod-resource"} => 12
            {span.env="prod-resource"} => none
            {.env="prod-span"} => 12
            {.env="prod-resource"} => none
            {span.env="prod-span"} => 12
            {.http.method="POST"} => 2
            {.http.method="GET"} => 7 6 5 4 1
            {resource.http.method="GET"} => 4 1
            {span.http.method != "GET"} => 3
            {span.http.status_code != nil && resource.service.name="cart"} => 4
            {resource.service.name="cart" && span.db.system = nil} => 4
            {resource.service.name !~ "a|b|cart.*|checkout|frontend"} => 12 11
            {span.ratio > 0.25} => 1
            {span.ratio = 0.5} => 1
            {span.ratio < 1} => 1
            {span.http.status_code >= 500 && span.http.status_code < 501} => 7 5 4 1
            {span.http.status_code > 499.5} => 7 5 4 1
            {span.http.status_code = "500"} => 6
            {span.http.status_code > "4"} => 6
            {span.cached = true} => 1
            {span.cached != false} => 1
            {span.tags = "x"} => none
            {span.tags != nil} => 12
            {statusMessage = "timeout"} => 1
            {span:statusMessage =~ "time.*"} => 1
            {status = error} => 2 1
            {span:status != unset} => 3 2 1
            {kind = client} => 10 8 7 1
            {span:kind = internal && name = "item"} => 11
            {rootName = "pay"} => 7 6
            {trace:rootName = "pay" && name = "ledger"} => 7
            {rootServiceName = "a" && kind = client} => 10 8
            {trace:rootService =~ "fr.*"} => 3 2 1
            {trace:duration > 5s} => 2
            {rootName = "pay" || name = "item"} => 11 7 6
            {span:id = "0000000000000028"} => 4
            {trace:id = "00000000000000000000000000000005"} => 5
            {duration >= 6s} => 2
            {span:duration <= 10ms && kind = server} => 12
            {duration > 100000000} => 3 2 1
            {name =~ "GET /.*"} => 3 2 1
            {name =~ "GET"} => none
            {name =~ "[a-z]+-cart"} => 4
            {name =~ "^check.*t$"} => 4
            {name =~ "pay|ledger" && kind = client} => 7
            {resource.service.name =~ "cart-\\\\w+"} => 5
            {name =~ "(?i)get /API"} => 3 2 1
            {name !~ "GET /.*|SELECT|item|worker" && kind = server} => 12 9 8 7 6 5 4
            {name > "y"} => 9
            {name <= "SELECT" && kind = client} => 1
            {name = worker} => 11
            {.deployment = "prod" || .env = "prod-span"} => 12 4 1
            {.no.such.attribute = "x"} => none
            """)
    void searchFindsTheTracesWithAMatchingSpanNewestFirst(String query, String expected) {
        assertThat(traceNumbers(searcher.search(new TraceQlSearch(TraceQl.parse(query), TimeRange.ALL, 20, 3))))
                .isEqualTo(expected.equals("none") ? List.of() : Arrays.stream(expected.split(" ")).map(Long::parseLong).toList());
    }

    @Test
    void onlySpansStartingInsideTheRangeMatch() {
        TimeRange range = new TimeRange(T0 + 3 * S, T0 + 7 * S);
        assertThat(traceNumbers(searcher.search(new TraceQlSearch(Expr.ALL, range, 20, 3)))).containsExactly(7L, 6L, 5L, 4L, 3L);
        TimeRange afterRoot = new TimeRange(T0 + 8 * S + 500 * MS, T0 + 8700 * MS);
        TraceQlMatch ledger = searcher.search(new TraceQlSearch(TraceQl.parse("{resource.service.name=\"checkout\"}"),
                afterRoot, 20, 3)).getFirst();
        assertThat(ledger.spans()).extracting(Span::name).containsExactly("ledger");
        assertThat(ledger.trace().rootName()).as("the summary is of the whole trace").isEqualTo("pay");
    }

    @Test
    void limitKeepsTheNewestTraces() {
        assertThat(traceNumbers(searcher.search(new TraceQlSearch(Expr.ALL, TimeRange.ALL, 3, 3)))).containsExactly(12L, 11L, 10L);
    }

    @Test
    void aMatchHasItsFirstSpansItsCountAndItsServices() {
        TraceQlMatch batch = searcher.search(new TraceQlSearch(TraceQl.parse("{name = \"item\"}"), TimeRange.ALL, 20, 3)).getFirst();
        assertThat(batch.matched()).isEqualTo(5);
        assertThat(batch.spans()).extracting(Span::spanId).containsExactly(spanId(111), spanId(112), spanId(113));
        assertThat(batch.spans().getFirst().attributes().get("item.index")).isEqualTo(AnyValue.of(1L));
        assertThat(batch.trace().spanCount()).isEqualTo(6);

        TraceQlMatch first = searcher.search(new TraceQlSearch(TraceQl.parse("{status = error && duration < 1s}"),
                TimeRange.ALL, 20, 1)).getFirst();
        assertThat(first.trace().traceId()).isEqualTo(traceId(1));
        assertThat(first.trace().rootServiceName()).isEqualTo("frontend");
        assertThat(first.trace().rootName()).isEqualTo("GET /api");
        assertThat(first.trace().startTimeUnixNano()).isEqualTo(T0 + S);
        assertThat(first.trace().durationNanos()).isEqualTo(200 * MS);
        assertThat(first.serviceStats()).containsExactly(
                Map.entry("cart", new TraceQlMatch.ServiceStats(1, 0)), Map.entry("frontend", new TraceQlMatch.ServiceStats(1, 1)));
        assertThat(first.spans()).hasSize(1);
        assertThat(first.spans().getFirst()).isEqualTo(traces().getFirst());
    }

    @Test
    void tagNamesPerScope() {
        TraceQlSearcher.TagNames names = searcher.tagNames(TimeRange.ALL, 100);
        assertThat(names.resource()).containsExactly("deployment", "env", "http.method", "service.name");
        assertThat(names.span()).containsExactly("cached", "db.system", "env", "http.method", "http.status_code",
                "item.index", "ratio", "tags");
        assertThat(searcher.tagNames(TimeRange.ALL, 2).span()).containsExactly("cached", "db.system");
        assertThat(searcher.tagNames(new TimeRange(T0 + 12 * S, T0 + 13 * S), 100))
                .isEqualTo(new TraceQlSearcher.TagNames(List.of("env", "service.name"), List.of("env", "tags")));
    }

    @Test
    void tagValuesAreTypedAndFiltered() {
        assertThat(values(".http.method", "{}")).containsExactly("string GET", "string POST", "string PUT");
        assertThat(values("span.http.method", "{}")).containsExactly("string GET", "string PUT");
        assertThat(values("resource.http.method", "{}")).containsExactly("string GET", "string POST");
        assertThat(values("span.http.status_code", "{}")).containsExactly("int 500", "string 500");
        assertThat(values("span.ratio", "{}")).containsExactly("float 0.5");
        assertThat(values("span.cached", "{}")).containsExactly("bool true");
        assertThat(values("span.item.index", "{}")).containsExactly("int 1", "int 2", "int 3", "int 4", "int 5");
        assertThat(values("span.tags", "{}")).as("arrays have no comparable value").isEmpty();
        assertThat(values("resource.service.name", "{status = error}")).containsExactly("string frontend");
        assertThat(values("resource.service.name", "{kind = client && name =~ \"[xy]\"}")).containsExactly("string a");
        assertThat(values("name", "{resource.service.name=\"checkout\"}")).containsExactly("string ledger", "string pay");
        assertThat(values("statusMessage", "{}")).containsExactly("string timeout");
        assertThat(values("rootName", "{resource.service.name=~\"a|b\"}")).containsExactly("string x", "string z");
        assertThat(values("rootServiceName", "{}")).containsExactly("string a", "string b", "string batch",
                "string cart", "string cart-db", "string checkout", "string frontend", "string scoped");
        assertThat(values("status", "{}")).isEmpty();
        assertThat(values("duration", "{}")).isEmpty();
        assertThat(searcher.tagValues(TraceQl.parseField("span.item.index"), Expr.ALL, TimeRange.ALL, 2))
                .containsExactly(new TagValue("int", "1"), new TagValue("int", "2"));
        assertThat(searcher.tagValues(TraceQl.parseField("name"), Expr.ALL, new TimeRange(T0 + 9 * S, T0 + 10 * S), 100))
                .containsExactly(new TagValue("string", "x"), new TagValue("string", "z"));
    }

    private List<String> values(String field, String filter) {
        return searcher.tagValues(TraceQl.parseField(field), TraceQl.parse(filter), TimeRange.ALL, 100).stream()
                .map(v -> v.type() + " " + v.value()).toList();
    }

    static List<Long> traceNumbers(List<TraceQlMatch> matches) {
        return matches.stream().map(m -> Long.parseLong(m.trace().traceId(), 16)).toList();
    }

    static Resource resource(String service, Object... attributes) {
        Map<String, AnyValue> values = new LinkedHashMap<>();
        values.put(Resource.SERVICE_NAME, AnyValue.of(service));
        for (int i = 0; i < attributes.length; i += 2) {
            values.put((String) attributes[i], (AnyValue) attributes[i + 1]);
        }
        return new Resource(Attributes.of(values), 0, "");
    }

    static Span span(long trace, long id, long parent, Resource resource, String name, SpanKind kind, long offset,
                     long duration, Status status, Object... attributes) {
        Map<String, AnyValue> values = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            values.put((String) attributes[i], (AnyValue) attributes[i + 1]);
        }
        return new Span(traceId(trace), spanId(id), "", parent == 0 ? "" : spanId(parent), 1, name, kind, T0 + offset,
                T0 + offset + duration, Attributes.of(values), 0, List.of(), 0, List.of(), 0, status, resource, null);
    }
}
