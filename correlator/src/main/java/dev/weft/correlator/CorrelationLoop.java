package dev.weft.correlator;

import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.MatchResult;
import dev.weft.correlation.rules.RuleRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The correlator role's work: match newly recorded keys into async edges on a short schedule,
 * so a journey reflects a new span within about one interval. Matching is one set-based pass in
 * the ledger; several correlators may run it at once.
 */
public final class CorrelationLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CorrelationLoop.class);

    private final CorrelationLedger ledger;
    private final RuleRegistry rules;
    private final Duration matchInterval;
    private final Duration ruleRefreshInterval;
    private final Counter edges;
    private final Counter hotKeys;
    private final Timer matchTime;
    /** When the latest pass that completed had started: a key recorded before it is matched. */
    private volatile long lastPassStartMillis = System.currentTimeMillis();
    private ScheduledExecutorService scheduler;

    public CorrelationLoop(CorrelationLedger ledger, RuleRegistry rules, Duration matchInterval,
                           Duration ruleRefreshInterval, MeterRegistry meters) {
        this.ledger = ledger;
        this.rules = rules;
        this.matchInterval = matchInterval;
        this.ruleRefreshInterval = ruleRefreshInterval;
        this.edges = Counter.builder("weft.correlation.edges").description("async edges created").register(meters);
        this.hotKeys = Counter.builder("weft.correlation.hot.keys")
                .description("keys that matched more spans than max-key-fanout and made no edges").register(meters);
        this.matchTime = Timer.builder("weft.correlation.match").description("time of one matching pass").register(meters);
        Gauge.builder("weft.correlation.lag", () -> (System.currentTimeMillis() - lastPassStartMillis) / 1000.0)
                .baseUnit("seconds")
                .description("how long a key recorded now may wait for matching, at most: the age of the start of the "
                        + "latest completed pass; it grows while matching fails (the ledger unreachable, say)")
                .register(meters);
    }

    /** One matching pass; public so tests and the benchmark can drive it without waiting. */
    public MatchResult matchOnce() {
        long start = System.currentTimeMillis();
        MatchResult result = matchTime.record(() -> ledger.match(rules.matchSettings()));
        lastPassStartMillis = start;
        edges.increment(result.newEdges().size());
        hotKeys.increment(result.hotKeysSkipped());
        return result;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "weft-correlator"));
        scheduler.scheduleWithFixedDelay(() -> guarded("match", this::matchOnce),
                matchInterval.toMillis(), matchInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> guarded("rule refresh", rules::refresh),
                ruleRefreshInterval.toMillis(), ruleRefreshInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A failed pass (the ledger's database restarting, say) is logged and retried on the next tick. */
    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("correlation {} failed; retrying on the next tick: {}", what, e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
