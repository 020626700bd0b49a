package dev.weft.correlator;

import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.rules.RuleRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The correlator role: the matching loop. Imported by the server when the role is on. */
@Configuration(proxyBeanMethods = false)
public class CorrelatorConfiguration {

    @Bean
    public CorrelationLoop correlationLoop(CorrelationLedger ledger, RuleRegistry rules,
                                           CorrelationProperties properties, MeterRegistry meters) {
        return new CorrelationLoop(ledger, rules, properties.matchInterval(), properties.ruleRefreshInterval(), meters);
    }
}
