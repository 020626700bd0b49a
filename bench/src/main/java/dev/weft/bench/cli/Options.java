package dev.weft.bench.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of one run, parsed by hand from {@code --key=value} arguments: ten flat options do
 * not justify a CLI library in the jar. Every parse error is an {@link IllegalArgumentException}
 * whose message is meant for the user.
 */
public record Options(String endpoint, int rate, Duration duration, Duration warmup, int batchSize,
                      int concurrency, int services, int spansPerTrace, int attributes, long seed) {

    public static final String USAGE = """
            Usage: java -jar weft-bench.jar [--key=value ...]
            Sends generated spans to an OTLP/gRPC endpoint and reports throughput and export latency.

              --endpoint=HOST:PORT   OTLP/gRPC target, plaintext; http:// is accepted (default localhost:4317)
              --rate=N               target spans/s; 0 = as fast as the server accepts (default 0)
              --duration=D           measured time after the warm-up: 90s, 2m, 500ms, PT1M (default 60s)
              --warmup=D             time before measuring, excluded from the figures (default 5s)
              --batch-size=N         spans per export call (default 512)
              --concurrency=N        export calls in flight at most (default 4)
              --services=N           distinct services, one OTLP resource each (default 5)
              --spans-per-trace=N    spans per trace (default 8)
              --attributes=N         extra attributes per span besides the semantic ones (default 5)
              --seed=N               random seed; printed at start so a run can be repeated (default random)
              --help                 print this text

            Prints figures every 10 s and a final summary with a machine-readable RESULT line.
            Exit status: 0 spans were accepted, 1 endpoint unreachable or nothing accepted, 2 bad arguments.
            """;

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    public static boolean wantsHelp(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
    }

    public static Options parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 3) {
                throw new IllegalArgumentException("expected --key=value, got '" + arg + "'");
            }
            values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        // http:// as OpenTelemetry SDKs spell a plaintext OTLP endpoint; gRPC itself wants host:port.
        String endpoint = take(values, "endpoint", "localhost:4317", Function.identity())
                .replaceFirst("^http://", "").replaceFirst("/$", "");
        if (endpoint.isBlank() || endpoint.contains("/")) {
            throw new IllegalArgumentException("--endpoint must be host:port (plaintext), got '" + endpoint + "'");
        }
        Options options = new Options(endpoint,
                integer(values, "rate", 0, 0),
                duration(values, "duration", Duration.ofSeconds(60), false),
                duration(values, "warmup", Duration.ofSeconds(5), true),
                integer(values, "batch-size", 512, 1),
                integer(values, "concurrency", 4, 1),
                integer(values, "services", 5, 1),
                integer(values, "spans-per-trace", 8, 1),
                integer(values, "attributes", 5, 0),
                take(values, "seed", ThreadLocalRandom.current().nextLong(), Long::parseLong));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + values.keySet().iterator().next());
        }
        return options;
    }

    /** Accepts {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, a bare number of seconds, or ISO-8601 ({@code PT1M}). */
    public static Duration parseDuration(String text) {
        Matcher m = SIMPLE_DURATION.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 30s, 2m, 1h or PT1M");
        }
    }

    /** Short form for the run header, e.g. {@code 5s} or {@code 1500ms}. */
    public static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    public String describe() {
        return "endpoint=" + endpoint + " rate=" + (rate == 0 ? "max" : rate + "/s") + " duration=" + format(duration)
                + " warmup=" + format(warmup) + " batch-size=" + batchSize + " concurrency=" + concurrency
                + " services=" + services + " spans-per-trace=" + spansPerTrace + " attributes=" + attributes
                + " seed=" + seed;
    }

    private static int integer(Map<String, String> values, String key, int fallback, int min) {
        int value = take(values, key, fallback, Integer::parseInt);
        if (value < min) {
            throw new IllegalArgumentException("--" + key + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    private static Duration duration(Map<String, String> values, String key, Duration fallback, boolean zeroAllowed) {
        Duration value = take(values, key, fallback, Options::parseDuration);
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException("--" + key + " must be " + (zeroAllowed ? "at least 0" : "positive"));
        }
        return value;
    }

    private static <T> T take(Map<String, String> values, String key, T fallback, Function<String, T> parser) {
        String text = values.remove(key);
        if (text == null) {
            return fallback;
        }
        try {
            return parser.apply(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " expects a number, got '" + text + "'");
        }
    }
}
