package dev.weft.server.roles;

import dev.weft.collector.CollectorConfiguration;
import dev.weft.collector.CollectorProperties;
import dev.weft.correlator.CorrelatorConfiguration;
import dev.weft.query.QueryConfiguration;
import dev.weft.server.web.OtlpHttpPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** One nested configuration per role, each importing its module's configuration when the role is on. */
final class RoleConfigurations {

    private RoleConfigurations() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRole(Role.COLLECTOR)
    @Import(CollectorConfiguration.class)
    static class CollectorRole {

        @Bean
        OtlpHttpPort otlpHttpPort(CollectorProperties properties) {
            return new OtlpHttpPort(properties);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRole(Role.CORRELATOR)
    @Import(CorrelatorConfiguration.class)
    static class CorrelatorRole {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRole(Role.QUERY_API)
    @Import(QueryConfiguration.class)
    static class QueryApiRole {
    }
}
