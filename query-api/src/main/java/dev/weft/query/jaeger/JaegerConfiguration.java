package dev.weft.query.jaeger;

import dev.weft.correlation.analysis.ServiceGraphBuilder;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.query.QueryProperties;
import dev.weft.storage.StorageComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Jaeger-compatible API under {@code /jaeger/api}, part of the query-api role. */
@Configuration(proxyBeanMethods = false)
public class JaegerConfiguration {

    @Bean
    JaegerController jaegerController(StorageComponent storage, CorrelationLedger ledger, QueryProperties properties) {
        return new JaegerController(storage.spanStore(),
                new ServiceGraphBuilder(storage.spanStore(), ledger, properties.maxSearchLimit()), properties);
    }

    @Bean
    JaegerErrorHandler jaegerErrorHandler() {
        return new JaegerErrorHandler();
    }
}
