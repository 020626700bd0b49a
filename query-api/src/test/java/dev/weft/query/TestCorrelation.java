package dev.weft.query;

import dev.weft.correlation.journey.JourneyAssembler;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.InMemoryCorrelationLedger;
import dev.weft.correlation.ledger.InMemoryRuleStore;
import dev.weft.correlation.rules.RuleCodec;
import dev.weft.correlation.rules.RuleDefinition;
import dev.weft.correlation.rules.RuleRegistry;
import dev.weft.storage.StorageComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Set;

/** The correlation beans the server shares between roles, in memory, for the query API's tests. */
@Configuration(proxyBeanMethods = false)
public class TestCorrelation {

    static final long DAY = 86_400_000_000_000L;

    @Bean
    CorrelationLedger correlationLedger() {
        return new InMemoryCorrelationLedger();
    }

    @Bean
    RuleRegistry ruleRegistry() {
        JsonMapper json = JsonMapper.builder().build();
        RuleCodec codec = new RuleCodec() {
            @Override
            public RuleDefinition parse(String text) {
                return json.readValue(text, RuleDefinition.class);
            }

            @Override
            public String render(RuleDefinition definition) {
                return json.writeValueAsString(definition);
            }
        };
        return new RuleRegistry(DAY, Set.of(), 100, List.of(), new InMemoryRuleStore(), codec);
    }

    @Bean
    JourneyAssembler journeyAssembler(CorrelationLedger ledger, StorageComponent storage) {
        return new JourneyAssembler(ledger, storage.spanStore(), storage.logStore(), 200, 1_000);
    }
}
