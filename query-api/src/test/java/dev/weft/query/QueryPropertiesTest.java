package dev.weft.query;

import dev.weft.storage.StorageComponent;
import dev.weft.storage.memory.InMemoryStorage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class QueryPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(QueryConfiguration.class, TestCorrelation.class)
            .withBean(StorageComponent.class, () -> new InMemoryStorage(1, 1, 1));

    @Test
    void defaults() {
        runner.run(context -> assertThat(context.getBean(QueryProperties.class))
                .isEqualTo(new QueryProperties(20, 1000, 100, 5000, 1000, 10000, Duration.ofDays(31))));
    }

    @Test
    void bindsFromWeftQuery() {
        runner.withPropertyValues("weft.query.default-search-limit=5", "weft.query.max-search-limit=50",
                        "weft.query.max-search-window=7d")
                .run(context -> assertThat(context.getBean(QueryProperties.class))
                        .isEqualTo(new QueryProperties(5, 50, 100, 5000, 1000, 10000, Duration.ofDays(7))));
    }

    @Test
    void defaultAboveMaximumFailsAtStartup() {
        runner.withPropertyValues("weft.query.default-log-limit=6000").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage(
                        "weft.query.default-log-limit must be between 1 and weft.query.max-log-limit (5000), was 6000"));
    }

    @Test
    void aWindowThatIsNotPositiveFailsAtStartup() {
        runner.withPropertyValues("weft.query.max-search-window=0s").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage("weft.query.max-search-window must be positive, was PT0S"));
    }
}
