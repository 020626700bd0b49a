package dev.weft.collector;

import dev.weft.collector.grpc.OtlpGrpcServer;
import dev.weft.collector.http.OtlpHttpController;
import dev.weft.collector.ingest.DirectIngest;
import dev.weft.collector.ingest.Ingest;
import dev.weft.collector.ingest.IngestHealthIndicator;
import dev.weft.collector.ingest.IngestMetrics;
import dev.weft.collector.ingest.LoggedIngest;
import dev.weft.collector.ingest.StorageWriter;
import dev.weft.collector.otlp.OtlpDecoding;
import dev.weft.collector.otlp.OtlpIngester;
import dev.weft.collector.wal.WriteAheadLog;
import dev.weft.storage.SpanConsumer;
import dev.weft.storage.StorageComponent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;

/**
 * The collector role: OTLP over gRPC on its own port and over HTTP as controllers of the
 * surrounding Spring MVC application, both writing to the {@link StorageComponent} the
 * application provides, through the write-ahead log when the storage is durable. Imported
 * explicitly when the role is on, never component-scanned, so that turning the role off really
 * leaves its ports closed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CollectorProperties.class)
public class CollectorConfiguration {

    @Bean
    public IngestMetrics ingestMetrics(ObjectProvider<MeterRegistry> registry) {
        return new IngestMetrics(registry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    public StorageWriter storageWriter(StorageComponent storage, ObjectProvider<SpanConsumer> ingestSpanConsumer,
                                       IngestMetrics metrics) {
        return new StorageWriter(ingestSpanConsumer.getIfAvailable(storage::spanConsumer), storage.logConsumer(),
                storage.metricConsumer(), metrics);
    }

    /**
     * Through the write-ahead log when it is enabled or, by default, when the storage outlives the
     * process; else straight to storage.
     */
    @Bean
    public Ingest ingest(StorageComponent storage, StorageWriter writer, OtlpDecoding decoding, IngestMetrics metrics,
                         CollectorProperties properties) {
        CollectorProperties.Wal wal = properties.wal();
        if (!(wal.enabled() == null ? storage.durable() : wal.enabled())) {
            return new DirectIngest(writer);
        }
        WriteAheadLog log = new WriteAheadLog(wal.dir(), wal.segmentBytes().toBytes(), wal.maxBytes().toBytes(),
                wal.fsync(), wal.fsyncInterval());
        return new LoggedIngest(log, writer, decoding::replay, metrics, new LoggedIngest.Settings(
                wal.concurrency(), wal.maxBatchItems(), wal.retryAfter(), wal.shutdownGrace()));
    }

    @Bean
    public OtlpDecoding otlpDecoding(CollectorProperties properties) {
        return new OtlpDecoding(properties.limits().toIngestLimits());
    }

    @Bean
    public OtlpIngester otlpIngester(Ingest ingest, OtlpDecoding decoding, IngestMetrics metrics) {
        return new OtlpIngester(ingest, decoding, metrics);
    }

    @Bean
    public IngestHealthIndicator ingestHealthIndicator(StorageWriter writer, Ingest ingest) {
        return new IngestHealthIndicator(writer, ingest instanceof LoggedIngest logged ? Optional.of(logged)
                : Optional.empty());
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
