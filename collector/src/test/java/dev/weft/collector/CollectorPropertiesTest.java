package dev.weft.collector;

import dev.weft.storage.StorageComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CollectorPropertiesTest {

    @Test
    void defaultsAreTheOtlpPortsAnd16MiB() {
        CollectorProperties properties = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("weft.collector", CollectorProperties.class);

        assertThat(properties).isEqualTo(new CollectorProperties(4317, 4318, 16 * 1024 * 1024));
    }

    @Test
    void bindsKebabCaseProperties() {
        CollectorProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "weft.collector.grpc-port", "14317", "weft.collector.http-port", "14318",
                "weft.collector.max-request-bytes", "1024")))
                .bindOrCreate("weft.collector", CollectorProperties.class);

        assertThat(properties).isEqualTo(new CollectorProperties(14317, 14318, 1024));
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc-port=65536", "http-port=-1", "max-request-bytes=0"})
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
