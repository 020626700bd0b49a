package dev.weft.correlation.analysis;

import dev.weft.correlation.CorrelatingSpanConsumer;
import dev.weft.correlation.journey.JourneyScenarioTest;
import dev.weft.correlation.ledger.InMemoryCorrelationLedger;
import dev.weft.correlation.ledger.InMemoryRuleStore;
import dev.weft.correlation.rules.RuleRegistry;
import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Span;
import dev.weft.model.SpanKind;
import dev.weft.model.Status;
import dev.weft.model.StatusCode;
import dev.weft.storage.TimeRange;
import dev.weft.storage.memory.InMemoryStorage;
import dev.weft.testing.TestTelemetry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.weft.testing.TestTelemetry.MS;
import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

class ServiceGraphBuilderTest {

    static Span span(long trace, long id, long parent, String service, SpanKind kind, long start, long duration,
                     StatusCode status, Map<String, AnyValue> attributes) {
        Span base = TestTelemetry.span(traceId(trace), spanId(id), parent == 0 ? "" : spanId(parent), service, "op", start, duration);
        return new Span(base.traceId(), base.spanId(), "", base.parentSpanId(), 1, "op", kind, start, start + duration,
                Attributes.of(attributes), 0, List.of(), 0, List.of(), 0, new Status(status, ""), base.resource(), base.scope());
    }

    @Test
    void asyncEdgesRunFromProducerToConsumerServiceThroughTheDestinationWithLagPercentiles() {
        InMemoryStorage storage = new InMemoryStorage(10_000, 10, 10);
        InMemoryCorrelationLedger ledger = new InMemoryCorrelationLedger();
        RuleRegistry rules = new RuleRegistry(86_400_000 * MS, Set.of(), 100, List.of(), new InMemoryRuleStore(),
                new JourneyScenarioTest.TestCodec());
        List<Span> spans = new ArrayList<>();
        long[] lagsMs = {100, 200, 300, 400};
        for (int i = 0; i < lagsMs.length; i++) {
            long producerTrace = 10 + i;
            long consumerTrace = 20 + i;
            long start = T0 + i * 10_000 * MS;
            spans.add(span(producerTrace, producerTrace * 10, 0, "api", SpanKind.SERVER, start, 50 * MS, StatusCode.UNSET, Map.of()));
            spans.add(span(producerTrace, producerTrace * 10 + 1, producerTrace * 10, "api", SpanKind.CLIENT, start + MS, 5 * MS,
                    StatusCode.UNSET, Map.of()));
            spans.add(span(producerTrace, producerTrace * 10 + 2, producerTrace * 10 + 1, "stock", SpanKind.SERVER, start + 2 * MS,
                    3 * MS, i == 0 ? StatusCode.ERROR : StatusCode.UNSET, Map.of()));
            spans.add(span(producerTrace, producerTrace * 10 + 3, producerTrace * 10, "api", SpanKind.PRODUCER, start + 10 * MS,
                    MS, StatusCode.UNSET, Map.of("messaging.destination.name", AnyValue.of("orders"),
                            "messaging.message.id", AnyValue.of("m-" + i))));
            spans.add(span(consumerTrace, consumerTrace * 10, 0, "billing", SpanKind.CONSUMER,
                    start + 11 * MS + lagsMs[i] * MS, 20 * MS, i == 3 ? StatusCode.ERROR : StatusCode.UNSET,
                    Map.of("messaging.message.id", AnyValue.of("m-" + i))));
        }
        new CorrelatingSpanConsumer(storage.spanConsumer(), ledger, rules).accept(spans);
        ledger.match(rules.matchSettings());

        ServiceGraph graph = new ServiceGraphBuilder(storage.spanStore(), ledger, 1_000).build(TimeRange.ALL);

        assertThat(graph.nodes()).containsExactly(new ServiceGraph.Node("api", "service"),
                new ServiceGraph.Node("billing", "service"), new ServiceGraph.Node("orders", "destination"),
                new ServiceGraph.Node("stock", "service"));
        assertThat(graph.edges()).containsExactly(
                new ServiceGraph.Edge("api", "billing", "async", "orders", 4, 1,
                        new ServiceGraph.Percentiles(20 * MS, 20 * MS, 20 * MS),
                        new ServiceGraph.Percentiles(200 * MS, 400 * MS, 400 * MS)),
                new ServiceGraph.Edge("api", "stock", "sync", null, 4, 1,
                        new ServiceGraph.Percentiles(3 * MS, 3 * MS, 3 * MS), null));
        ServiceGraph firstTwo = new ServiceGraphBuilder(storage.spanStore(), ledger, 1_000)
                .build(new TimeRange(T0, T0 + 15_000 * MS));
        assertThat(firstTwo.edges()).filteredOn(e -> e.kind().equals("async")).extracting(ServiceGraph.Edge::callCount)
                .containsExactly(2L);
    }
}
