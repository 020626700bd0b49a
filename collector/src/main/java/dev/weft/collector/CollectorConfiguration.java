package dev.weft.collector;

import dev.weft.collector.grpc.OtlpGrpcServer;
import dev.weft.collector.http.OtlpHttpController;
import dev.weft.collector.otlp.OtlpIngester;
import dev.weft.storage.SpanConsumer;
import dev.weft.storage.StorageComponent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The collector role: OTLP over gRPC on its own port and over HTTP as controllers of the
 * surrounding Spring MVC application, both writing to the {@link StorageComponent} the
 * application provides. Imported explicitly when the role is on, never component-scanned, so
 * that turning the role off really leaves its ports closed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CollectorProperties.class)
public class CollectorConfiguration {

    @Bean
    public OtlpIngester otlpIngester(StorageComponent storage, ObjectProvider<SpanConsumer> ingestSpanConsumer) {
        return new OtlpIngester(storage, ingestSpanConsumer.getIfAvailable(storage::spanConsumer));
    }

    @Bean
    public OtlpGrpcServer otlpGrpcServer(OtlpIngester ingester, CollectorProperties properties) {
        return new OtlpGrpcServer(ingester, properties.grpcPort(), properties.maxRequestBytes());
    }

    @Bean
    public OtlpHttpController otlpHttpController(OtlpIngester ingester, CollectorProperties properties) {
        return new OtlpHttpController(ingester, properties.maxRequestBytes());
    }
}
