package dev.weft.query.tempo;

import dev.weft.correlation.journey.Journey;
import dev.weft.correlation.journey.JourneyScenarioTest;
import dev.weft.correlation.ledger.AsyncEdge;
import dev.weft.correlation.ledger.SpanRef;
import dev.weft.model.AnyValue;
import dev.weft.model.Span;
import dev.weft.model.SpanLink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.weft.testing.TestTelemetry.MS;
import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.span;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

class JourneyTraceTest {

    static AsyncEdge edge(long producerTrace, long producerSpan, long consumerTrace, long consumerSpan) {
        return new AsyncEdge(new SpanRef(traceId(producerTrace), spanId(producerSpan)),
                new SpanRef(traceId(consumerTrace), spanId(consumerSpan)), "test", "k", 0);
    }

    static Journey journey(long origin, List<Span> spans, List<AsyncEdge> edges) {
        List<Span> sorted = spans.stream().sorted(Comparator.comparingLong(Span::startTimeUnixNano)
                .thenComparing(Span::traceId).thenComparing(Span::spanId)).toList();
        return new Journey(traceId(origin), List.of(traceId(origin)),
                sorted.stream().map(Span::traceId).distinct().toList(), T0, MS, List.of(), false, sorted, edges,
                List.of(), null, List.of());
    }

    /** Asserts the shape every journey trace has: one trace id, one root, every parent present, all reachable from the root. */
    static Map<String, Span> assertOneTree(List<Span> trace, String journeyId, int spans) {
        assertThat(trace).hasSize(spans);
        assertThat(trace).extracting(Span::traceId).containsOnly(journeyId);
        Map<String, Span> byId = trace.stream().collect(Collectors.toMap(Span::spanId, Function.identity()));
        assertThat(byId).as("span ids are unique").hasSize(spans);
        assertThat(trace.stream().filter(Span::isRoot)).as("exactly one root").hasSize(1);
        for (Span span : trace) {
            Set<String> seen = new HashSet<>();
            Span at = span;
            while (!at.isRoot()) {
                assertThat(seen.add(at.spanId())).as("no cycle above %s", span.spanId()).isTrue();
                assertThat(byId).as("parent of %s", at.spanId()).containsKey(at.parentSpanId());
                at = byId.get(at.parentSpanId());
            }
        }
        return byId;
    }

    @Test
    void aFiveTraceChainIsOneTraceWithEachConsumerUnderItsProducer() {
        List<Span> chain = JourneyScenarioTest.fiveTraceChain();
        List<Span> trace = JourneyTrace.of(journey(1, chain,
                List.of(edge(1, 11, 2, 20), edge(2, 21, 3, 30), edge(3, 31, 4, 40), edge(4, 41, 5, 50))));

        Map<String, Span> byId = assertOneTree(trace, traceId(1), 9);
        assertThat(byId.get(spanId(10)).isRoot()).isTrue();
        assertThat(byId.get(spanId(20)).parentSpanId()).isEqualTo(spanId(11));
        assertThat(byId.get(spanId(30)).parentSpanId()).isEqualTo(spanId(21));
        assertThat(byId.get(spanId(40)).parentSpanId()).isEqualTo(spanId(31));
        assertThat(byId.get(spanId(50)).parentSpanId()).isEqualTo(spanId(41));
        assertThat(byId.get(spanId(21)).parentSpanId()).as("parents inside a trace stay").isEqualTo(spanId(20));
        for (Span original : chain) {
            Span moved = byId.get(original.spanId());
            assertThat(moved.attributes().get(JourneyTrace.ORIGINAL_TRACE_ID)).isEqualTo(AnyValue.of(original.traceId()));
            assertThat(moved.name()).isEqualTo(original.name());
            assertThat(moved.resource()).isEqualTo(original.resource());
            assertThat(moved.links()).as("a link to the original span, for spans that changed trace")
                    .isEqualTo(original.traceId().equals(traceId(1)) ? List.of()
                            : List.of(new SpanLink(original.traceId(), original.spanId(), "", null, 0, original.flags())));
        }
    }

    @Test
    void whenAnEdgePointsIntoAChildTheMemberTracesRootHangsFromTheProducer() {
        List<Span> spans = List.of(span(traceId(1), spanId(1), "", "api", "send", T0, 10 * MS),
                span(traceId(2), spanId(2), "", "poller", "poll loop", T0 - 5 * MS, 100 * MS),
                span(traceId(2), spanId(3), spanId(2), "poller", "process", T0 + 20 * MS, 10 * MS),
                span(traceId(2), spanId(4), spanId(99), "poller", "orphan", T0 + 40 * MS, 10 * MS));
        Map<String, Span> byId = assertOneTree(JourneyTrace.of(journey(1, spans, List.of(edge(1, 1, 2, 3)))), traceId(1), 4);

        assertThat(byId.get(spanId(2)).parentSpanId()).isEqualTo(spanId(1));
        assertThat(byId.get(spanId(3)).parentSpanId()).isEqualTo(spanId(2));
        assertThat(byId.get(spanId(4)).parentSpanId()).as("a span whose parent never arrived hangs from the entry's producer")
                .isEqualTo(spanId(1));
    }

    @Test
    void collidingSpanIdsAreRenamedAndTheirChildrenFollow() {
        List<Span> spans = List.of(span(traceId(1), spanId(1), "", "api", "send", T0, 10 * MS),
                span(traceId(1), spanId(7), spanId(1), "api", "publish", T0 + MS, MS),
                span(traceId(2), spanId(7), "", "worker", "receive", T0 + 20 * MS, 10 * MS),
                span(traceId(2), spanId(8), spanId(7), "worker", "store", T0 + 21 * MS, MS));
        List<Span> trace = JourneyTrace.of(journey(1, spans, List.of(edge(1, 7, 2, 7))));

        Map<String, Span> byId = assertOneTree(trace, traceId(1), 4);
        Span receive = trace.stream().filter(s -> s.name().equals("receive")).findFirst().orElseThrow();
        assertThat(receive.spanId()).isNotEqualTo(spanId(7)).matches("[0-9a-f]{16}");
        assertThat(receive.parentSpanId()).isEqualTo(spanId(7));
        assertThat(byId.get(spanId(7)).name()).isEqualTo("publish");
        assertThat(byId.get(spanId(8)).parentSpanId()).isEqualTo(receive.spanId());
        assertThat(receive.links()).containsExactly(new SpanLink(traceId(2), spanId(7), "", null, 0, 1));
        assertThat(JourneyTrace.of(journey(1, spans, List.of(edge(1, 7, 2, 7))))).as("the same every time").isEqualTo(trace);
    }

    @Test
    void severalOriginsAndEdgeCyclesStillMakeOneTree() {
        List<Span> spans = new ArrayList<>();
        for (long t = 1; t <= 4; t++) {
            spans.add(span(traceId(t), spanId(t * 10), "", "svc" + t, "root " + t, T0 + t * MS, MS));
            spans.add(span(traceId(t), spanId(t * 10 + 1), spanId(t * 10), "svc" + t, "send " + t, T0 + t * MS, MS));
        }
        // Origins 1 and 2 both feed 3; 3 and 4 point into each other.
        List<AsyncEdge> edges = List.of(edge(1, 11, 3, 30), edge(2, 21, 3, 30), edge(3, 31, 4, 40), edge(4, 41, 3, 30));
        Map<String, Span> byId = assertOneTree(JourneyTrace.of(journey(1, spans, edges)), traceId(1), 8);

        assertThat(byId.get(spanId(10)).isRoot()).isTrue();
        assertThat(byId.get(spanId(20)).parentSpanId()).as("another origin hangs from the journey's root").isEqualTo(spanId(10));
        assertThat(byId.get(spanId(30)).parentSpanId()).as("the earliest producer").isEqualTo(spanId(11));
        assertThat(byId.get(spanId(40)).parentSpanId()).isEqualTo(spanId(31));
    }

    @Test
    void aParentCycleInsideATraceIsBrokenAtTheRoot() {
        List<Span> spans = List.of(span(traceId(1), spanId(1), "", "api", "root", T0, 10 * MS),
                span(traceId(1), spanId(2), spanId(3), "api", "a", T0 + MS, MS),
                span(traceId(1), spanId(3), spanId(2), "api", "b", T0 + 2 * MS, MS));
        Map<String, Span> byId = assertOneTree(JourneyTrace.of(journey(1, spans, List.of())), traceId(1), 3);
        assertThat(byId.get(spanId(2)).parentSpanId()).isEqualTo(spanId(1));
        assertThat(byId.get(spanId(3)).parentSpanId()).isEqualTo(spanId(2));
    }
}
