package dev.weft.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptionsTest {

    @Test
    void defaultsApplyWhenNothingIsGiven() {
        Options o = Options.parse(new String[0]);
        assertThat(o.endpoint()).isEqualTo("localhost:4317");
        assertThat(o.rate()).isZero();
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.batchSize()).isEqualTo(512);
        assertThat(o.concurrency()).isEqualTo(4);
        assertThat(o.services()).isEqualTo(5);
        assertThat(o.spansPerTrace()).isEqualTo(8);
        assertThat(o.attributes()).isEqualTo(5);
    }

    @Test
    void everyOptionIsParsed() {
        Options o = Options.parse(new String[] {"--endpoint=collector:14317", "--rate=25000", "--duration=2m",
                "--warmup=0", "--batch-size=100", "--concurrency=8", "--services=12", "--spans-per-trace=3",
                "--attributes=0", "--seed=-7"});
        assertThat(o).isEqualTo(new Options("collector:14317", 25000, Duration.ofMinutes(2), Duration.ZERO,
                100, 8, 12, 3, 0, -7));
        assertThat(o.describe()).isEqualTo("endpoint=collector:14317 rate=25000/s duration=120s warmup=0s"
                + " batch-size=100 concurrency=8 services=12 spans-per-trace=3 attributes=0 seed=-7");
    }

    @Test
    void theLastOccurrenceOfAnOptionWins() {
        assertThat(Options.parse(new String[] {"--rate=1", "--rate=2"}).rate()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({
            "--rate, expected --key=value",
            "rate=5, expected --key=value",
            "--=5, expected --key=value",
            "--speed=5, unknown option --speed",
            "--rate=fast, --rate expects a number",
            "--seed=x, --seed expects a number",
            "--rate=-1, --rate must be at least 0",
            "--batch-size=0, --batch-size must be at least 1",
            "--concurrency=0, --concurrency must be at least 1",
            "--duration=0s, --duration must be positive",
            "--warmup=PT-1S, --warmup must be at least 0",
            "--duration=5x, is not a duration",
            "--endpoint=, --endpoint must be host:port",
            "--endpoint=https://collector:4317, --endpoint must be host:port"})
    void badArgumentsAreRejectedWithAReason(String arg, String reason) {
        assertThatThrownBy(() -> Options.parse(new String[] {arg}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void anHttpSchemeIsDroppedFromTheEndpoint() {
        assertThat(Options.parse(new String[] {"--endpoint=http://collector:4317/"}).endpoint()).isEqualTo("collector:4317");
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "30, PT30S", "2m, PT2M", "1h, PT1H", "PT1M30S, PT1M30S", "' 7s ', PT7S"})
    void durationsAreParsedInShortAndIsoForm(String text, Duration expected) {
        assertThat(Options.parseDuration(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "1.5s", "-1s", "10 s", "1d"})
    void malformedDurationsAreRejected(String text) {
        assertThatThrownBy(() -> Options.parseDuration(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsAreFormattedShort() {
        assertThat(Options.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(Options.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void helpIsRecognisedAnywhere() {
        assertThat(Options.wantsHelp(new String[] {"--rate=5", "--help"})).isTrue();
        assertThat(Options.wantsHelp(new String[] {"-h"})).isTrue();
        assertThat(Options.wantsHelp(new String[] {"--rate=5"})).isFalse();
    }
}
