package dev.weft.server.correlation;

import dev.weft.correlation.CorrelatingSpanConsumer;
import dev.weft.correlation.journey.JourneyAssembler;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.RuleStore;
import dev.weft.correlation.rules.RuleCodec;
import dev.weft.correlation.rules.RuleRegistry;
import dev.weft.correlator.CorrelationProperties;
import dev.weft.storage.SpanConsumer;
import dev.weft.storage.StorageComponent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Correlation beans every role shares: the rules in force (collectors extract keys with them,
 * correlators match with them, the query API edits them), the span consumer that records keys
 * at ingest, and journey assembly for reads.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CorrelationProperties.class)
class CorrelationConfiguration {

    @Bean
    RuleCodec ruleCodec(JsonMapper json) {
        return new JsonRuleCodec(json);
    }

    @Bean
    RuleRegistry ruleRegistry(CorrelationProperties properties, RuleStore store, RuleCodec codec) {
        return new RuleRegistry(properties.window().toNanos(), properties.disabledRules(), properties.maxKeyFanout(),
                properties.rules().stream().map(CorrelationProperties.ConfiguredRule::toDefinition).toList(),
                store, codec);
    }

    @Bean
    SpanConsumer ingestSpanConsumer(StorageComponent storage, CorrelationLedger ledger, RuleRegistry rules) {
        return new CorrelatingSpanConsumer(storage.spanConsumer(), ledger, rules);
    }

    @Bean
    JourneyAssembler journeyAssembler(CorrelationLedger ledger, StorageComponent storage, CorrelationProperties properties) {
        return new JourneyAssembler(ledger, storage.spanStore(), storage.logStore(), properties.maxJourneyTraces(), 1_000);
    }
}
