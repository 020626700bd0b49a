package dev.weft.server.storage;

import dev.weft.storage.StorageComponent;
import dev.weft.storage.memory.InMemoryStorage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one storage bean every role reads and writes through. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean(destroyMethod = "close")
    StorageComponent storage(StorageProperties properties) {
        return switch (properties.type()) {
            case MEMORY -> new InMemoryStorage(properties.memory().maxSpans(), properties.memory().maxLogRecords(),
                    properties.memory().maxMetricPoints());
        };
    }
}
