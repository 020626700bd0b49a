package dev.weft.correlator;

import dev.weft.correlation.rules.RuleDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorrelationPropertiesTest {

    static CorrelationProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("weft.correlation", CorrelationProperties.class);
    }

    @Test
    void defaults() {
        CorrelationProperties defaults = bind(Map.of());
        assertThat(defaults.window()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.maxKeyFanout()).isEqualTo(100);
        assertThat(defaults.maxJourneyTraces()).isEqualTo(200);
        assertThat(defaults.matchInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(defaults.disabledRules()).isEmpty();
        assertThat(defaults.rules()).isEmpty();
    }

    @Test
    void rulesFromConfigurationWithDottedAttributeNames() {
        CorrelationProperties properties = bind(Map.of(
                "weft.correlation.disabled-rules", "s3-object",
                "weft.correlation.rules[0].name", "order-id",
                "weft.correlation.rules[0].producer.where.kind", "PRODUCER",
                "weft.correlation.rules[0].producer.where[messaging.destination.name]", "orders,orders-eu",
                "weft.correlation.rules[0].producer.key", "order.id",
                "weft.correlation.rules[0].consumer.where.kind", "CONSUMER",
                "weft.correlation.rules[0].consumer.key", "order.id",
                "weft.correlation.rules[0].window", "1h"));

        assertThat(properties.disabledRules()).containsExactly("s3-object");
        RuleDefinition rule = properties.rules().getFirst().toDefinition();
        assertThat(rule.name()).isEqualTo("order-id");
        assertThat(rule.producer().where()).containsEntry("messaging.destination.name", List.of("orders", "orders-eu"))
                .containsEntry("kind", List.of("PRODUCER"));
        assertThat(rule.consumer().key()).containsExactly("order.id");
        assertThat(rule.window()).isEqualTo("PT1H");
        assertThat(rule.compile(1).policy().windowNanos()).isEqualTo(Duration.ofHours(1).toNanos());
    }

    @Test
    void nonsenseIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> bind(Map.of("weft.correlation.max-key-fanout", "0")))
                .rootCause().hasMessage("weft.correlation.max-key-fanout must be positive, was 0");
    }
}
