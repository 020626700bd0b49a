package dev.weft.collector;

import dev.weft.storage.memory.InMemoryStorage;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The collector role alone, on memory storage, the way the server module imports it. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(CollectorConfiguration.class)
public class CollectorTestApplication {

    @Bean
    InMemoryStorage storage() {
        return new InMemoryStorage(10_000, 10_000, 10_000);
    }
}
