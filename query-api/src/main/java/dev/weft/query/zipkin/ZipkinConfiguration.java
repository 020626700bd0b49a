package dev.weft.query.zipkin;

import dev.weft.correlation.analysis.ServiceGraphBuilder;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.query.QueryProperties;
import dev.weft.storage.StorageComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Zipkin-compatible API under {@code /zipkin/api/v2}, part of the query-api role. */
@Configuration(proxyBeanMethods = false)
public class ZipkinConfiguration {

    @Bean
    ZipkinController zipkinController(StorageComponent storage, CorrelationLedger ledger, QueryProperties properties) {
        return new ZipkinController(storage.spanStore(),
                new ServiceGraphBuilder(storage.spanStore(), ledger, properties.maxSearchLimit()), properties);
    }

    @Bean
    ZipkinErrorHandler zipkinErrorHandler() {
        return new ZipkinErrorHandler();
    }
}
