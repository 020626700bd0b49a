package dev.weft.query.tempo;

import dev.weft.correlation.journey.JourneyAssembler;
import dev.weft.correlation.journey.JourneyFinder;
import dev.weft.query.QueryProperties;
import dev.weft.storage.StorageComponent;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Tempo API twice: over the stored traces at {@code /api} and over journeys at
 * {@code /journeys/api}. Imported by the query-api role's configuration.
 */
@Configuration(proxyBeanMethods = false)
public class TempoConfiguration {

    @Bean
    TempoController tempoController(StorageComponent storage, QueryProperties properties) {
        return new TempoController(new StoredTraces(storage), storage.traceQlSearcher(), properties);
    }

    @Bean
    JourneyTempoController journeyTempoController(StorageComponent storage, JourneyAssembler assembler,
                                                  QueryProperties properties) {
        JourneyFinder finder = new JourneyFinder(storage.spanStore(), assembler, JourneyTraces.SCAN_FACTOR);
        return new JourneyTempoController(new JourneyTraces(assembler, finder, storage.traceQlSearcher()),
                storage.traceQlSearcher(), properties);
    }

    @Bean
    TempoErrorHandler tempoErrorHandler() {
        return new TempoErrorHandler();
    }

    /**
     * Lets {@code %2F} through to the controllers: Grafana percent-encodes tag names in
     * {@code /api/v2/search/tag/{tag}/values}, and an attribute key may hold a slash, but Tomcat
     * answers 400 to an encoded slash by default. Passed through undecoded, it stays inside its path
     * segment, and Spring decodes it into the path variable.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> encodedSlashesInTagNames() {
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }
}
