package dev.weft.correlation.rules;

import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Span;
import dev.weft.model.SpanKind;
import dev.weft.model.Status;
import dev.weft.testing.TestTelemetry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleDefinitionTest {

    static final long DAY = 86_400_000_000_000L;

    static final RuleDefinition ORDER_ID = new RuleDefinition("order-id",
            new RuleDefinition.SideSpec(Map.of("kind", "PRODUCER", "messaging.destination.name", List.of("orders", "orders-eu")),
                    List.of("order.id")),
            new RuleDefinition.SideSpec(Map.of("kind", "consumer"), List.of("order.id")),
            "PT1H");

    static Span span(SpanKind kind, Map<String, AnyValue> attributes) {
        Span base = TestTelemetry.span(traceId(1), spanId(1), "", "shop", "op", T0, 1);
        return new Span(base.traceId(), base.spanId(), "", "", 1, "op", kind, T0, T0 + 1, Attributes.of(attributes),
                0, List.of(), 0, List.of(), 0, Status.UNSET, base.resource(), base.scope());
    }

    List<String> keys(CorrelationRule rule, Span span) {
        return new KeyExtractor(List.of(rule)).extract(List.of(span)).stream()
                .map(k -> k.side() + "/" + k.key()).toList();
    }

    @Test
    void matchesItsConditionsAndExtractsTheKey() {
        CorrelationRule rule = ORDER_ID.compile(DAY);

        assertThat(rule.policy().windowNanos()).isEqualTo(3_600_000_000_000L);
        assertThat(keys(rule, span(SpanKind.PRODUCER, Map.of("messaging.destination.name", AnyValue.of("orders-eu"),
                "order.id", AnyValue.of("o-17"))))).containsExactly("PRODUCER/o-17");
        assertThat(keys(rule, span(SpanKind.PRODUCER, Map.of("messaging.destination.name", AnyValue.of("payments"),
                "order.id", AnyValue.of("o-17"))))).isEmpty();
        assertThat(keys(rule, span(SpanKind.CONSUMER, Map.of("order.id", AnyValue.of(17L)))))
                .containsExactly("CONSUMER/17");
        assertThat(keys(rule, span(SpanKind.CONSUMER, Map.of()))).as("no key attribute, no key").isEmpty();
    }

    @Test
    void anArrayValueYieldsOneKeyPerElementAndSeveralAttributesAreJoined() {
        CorrelationRule rule = new RuleDefinition("batch", new RuleDefinition.SideSpec(null, List.of("tenant", "order.ids")),
                new RuleDefinition.SideSpec(null, List.of("tenant", "order.id")), null).compile(DAY);

        assertThat(keys(rule, span(SpanKind.PRODUCER, Map.of("tenant", AnyValue.of("t1"),
                "order.ids", new AnyValue.Array(List.of(AnyValue.of("a"), AnyValue.of("b")))))))
                .containsExactly("PRODUCER/t1|a", "PRODUCER/t1|b");
        assertThat(rule.policy().windowNanos()).as("default window").isEqualTo(DAY);
    }

    @Test
    void badDefinitionsSayWhatIsWrong() {
        RuleDefinition.SideSpec ok = new RuleDefinition.SideSpec(null, List.of("order.id"));
        assertThatThrownBy(() -> new RuleDefinition("Bad Name", ok, ok, null).compile(DAY))
                .isInstanceOf(InvalidRuleException.class).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> new RuleDefinition("span-link", ok, ok, null).compile(DAY))
                .hasMessage("name: 'span-link' is a built-in rule");
        assertThatThrownBy(() -> new RuleDefinition("r", null, ok, null).compile(DAY)).hasMessage("producer: is required");
        assertThatThrownBy(() -> new RuleDefinition("r", ok, new RuleDefinition.SideSpec(null, List.of()), null).compile(DAY))
                .hasMessage("consumer.key: must list one or more attribute names");
        assertThatThrownBy(() -> new RuleDefinition("r", ok, ok, "1 hour").compile(DAY))
                .hasMessage("window: '1 hour' is not an ISO-8601 duration such as PT1H or PT30S");
        assertThatThrownBy(() -> new RuleDefinition("r", new RuleDefinition.SideSpec(Map.of("kind", "SENDER"), List.of("a")),
                ok, null).compile(DAY)).hasMessageStartingWith("producer.where.kind: 'SENDER' is not a span kind");
        assertThatThrownBy(() -> new RuleDefinition("r", new RuleDefinition.SideSpec(null, List.of("a", "b")), ok, null)
                .compile(DAY)).hasMessage("consumer.key: must name as many attributes as producer.key (2)");
    }
}
