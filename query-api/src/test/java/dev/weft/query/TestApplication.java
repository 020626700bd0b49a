package dev.weft.query;

import dev.weft.storage.memory.InMemoryStorage;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The query-api role on its own, as the server imports it, over memory storage holding {@link Fixtures}. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({QueryConfiguration.class, TestCorrelation.class})
public class TestApplication {

    @Bean
    InMemoryStorage storage() {
        InMemoryStorage storage = new InMemoryStorage(1_000, 1_000, 1_000);
        Fixtures.write(storage);
        return storage;
    }
}
