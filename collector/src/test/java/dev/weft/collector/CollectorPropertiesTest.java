package dev.weft.collector;

import dev.weft.collector.wal.WriteAheadLog;
import dev.weft.otlp.IngestLimits;
import dev.weft.storage.StorageComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CollectorPropertiesTest {

    @Test
    void defaultsAreTheOtlpPortsAnd16MiB() {
        CollectorProperties properties = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("weft.collector", CollectorProperties.class);

        assertThat(properties).usingRecursiveComparison().ignoringFields("wal", "limits")
                .isEqualTo(new CollectorProperties(4317, 4318, 16 * 1024 * 1024, null, null));
        assertThat(properties.limits().toIngestLimits()).isEqualTo(IngestLimits.defaults());
        assertThat(properties.wal().enabled()).isNull();
        assertThat(properties.wal().maxBytes()).isEqualTo(DataSize.ofGigabytes(1));
        assertThat(properties.wal().fsync()).isEqualTo(WriteAheadLog.Fsync.REQUEST);
    }

    @Test
    void bindsKebabCaseProperties() {
        CollectorProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "weft.collector.grpc-port", "14317", "weft.collector.http-port", "14318",
                "weft.collector.max-request-bytes", "1024", "weft.collector.wal.max-bytes", "10MB",
                "weft.collector.wal.fsync", "interval", "weft.collector.wal.fsync-interval", "50ms",
                "weft.collector.limits.max-attributes-per-item", "16")))
                .bindOrCreate("weft.collector", CollectorProperties.class);

        assertThat(properties).usingRecursiveComparison().ignoringFields("wal", "limits")
                .isEqualTo(new CollectorProperties(14317, 14318, 1024, null, null));
        assertThat(properties.limits().maxAttributesPerItem()).isEqualTo(16);
        assertThat(properties.wal().maxBytes()).isEqualTo(DataSize.ofMegabytes(10));
        assertThat(properties.wal().fsync()).isEqualTo(WriteAheadLog.Fsync.INTERVAL);
        assertThat(properties.wal().fsyncInterval()).isEqualTo(Duration.ofMillis(50));
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc-port=65536", "http-port=-1", "max-request-bytes=0", "wal.concurrency=0"})
    void invalidValuesFailStartupNamingTheProperty(String property) {
        new ApplicationContextRunner()
                .withUserConfiguration(CollectorConfiguration.class)
                .withBean(StorageComponent.class, RecordingStorage::new)
                .withPropertyValues("weft.collector." + property)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasRootCauseInstanceOf(BindValidationException.class)
                        .hasStackTraceContaining("weft.collector." + property.substring(0, property.indexOf('='))));
    }
}
