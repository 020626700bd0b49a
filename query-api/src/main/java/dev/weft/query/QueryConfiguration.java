package dev.weft.query;

import dev.weft.correlation.analysis.ServiceGraphBuilder;
import dev.weft.correlation.journey.JourneyAssembler;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.journey.JourneyFinder;
import dev.weft.correlation.rules.RuleRegistry;
import dev.weft.query.jaeger.JaegerConfiguration;
import dev.weft.query.rest.CorrelationRuleController;
import dev.weft.query.tempo.TempoConfiguration;
import dev.weft.query.zipkin.ZipkinConfiguration;
import dev.weft.query.rest.DependencyController;
import dev.weft.query.rest.JourneyController;
import dev.weft.query.rest.LogController;
import dev.weft.query.rest.MetricController;
import dev.weft.query.rest.QueryErrorHandler;
import dev.weft.query.rest.TraceController;
import dev.weft.storage.StorageComponent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The query-api role: the native REST API over whichever {@link StorageComponent} the context
 * holds, with journeys and correlation rules from the correlation beans the server shares
 * between roles. Declared bean by bean rather than component-scanned so that the server turns the
 * whole role on or off with one {@code @Import}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueryProperties.class)
@Import({TempoConfiguration.class, JaegerConfiguration.class, ZipkinConfiguration.class})
public class QueryConfiguration {

    @Bean
    TraceController traceController(StorageComponent storage, QueryProperties properties) {
        return new TraceController(storage.spanStore(), properties);
    }

    @Bean
    LogController logController(StorageComponent storage, QueryProperties properties) {
        return new LogController(storage.logStore(), properties);
    }

    @Bean
    MetricController metricController(StorageComponent storage, QueryProperties properties) {
        return new MetricController(storage.metricStore(), properties);
    }

    @Bean
    JourneyController journeyController(StorageComponent storage, JourneyAssembler assembler, QueryProperties properties) {
        return new JourneyController(assembler, new JourneyFinder(storage.spanStore(), assembler, 10), properties);
    }

    @Bean
    DependencyController dependencyController(StorageComponent storage, CorrelationLedger ledger, QueryProperties properties) {
        return new DependencyController(new ServiceGraphBuilder(storage.spanStore(), ledger, properties.maxSearchLimit()),
                properties);
    }

    @Bean
    CorrelationRuleController correlationRuleController(RuleRegistry rules) {
        return new CorrelationRuleController(rules);
    }

    @Bean
    QueryErrorHandler queryErrorHandler() {
        return new QueryErrorHandler();
    }
}
