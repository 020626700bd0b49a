package dev.weft.correlation.ledger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static dev.weft.testing.TestTelemetry.MS;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link CorrelationLedger} must have; each implementation's test extends
 * this class, as the storage modules extend {@code StorageContractTest}. Times are around the
 * present so that partitioned ledgers exercise their real day partitions.
 */
public abstract class CorrelationLedgerContractTest {

    protected static final long SECOND = 1_000 * MS;
    protected static final long HOUR = 3_600 * SECOND;
    protected static final long DAY = 24 * HOUR;
    protected static final MatchSettings SETTINGS = new MatchSettings(Map.of(), new MatchPolicy(HOUR, false), 10);

    /** Now, at millisecond precision; the base of every time in a test. */
    protected final long t0 = System.currentTimeMillis() * MS;
    protected CorrelationLedger ledger;

    /** A ledger holding nothing; called before every test. */
    protected abstract CorrelationLedger emptyLedger();

    @BeforeEach
    void setUpLedger() {
        ledger = emptyLedger();
    }

    /** A producer key on span n of trace n, lasting 10 ms. */
    protected static CorrelationKey producer(String rule, String key, int n, long start) {
        return new CorrelationKey(rule, Side.PRODUCER, key, span(n), "producer-" + n, start, start + 10 * MS);
    }

    protected static CorrelationKey consumer(String rule, String key, int n, long start) {
        return new CorrelationKey(rule, Side.CONSUMER, key, span(n), "consumer-" + n, start, start + 10 * MS);
    }

    protected static SpanRef span(int n) {
        return new SpanRef(traceId(n), spanId(n));
    }

    protected static AsyncEdge edge(CorrelationKey producer, CorrelationKey consumer) {
        return new AsyncEdge(producer.span(), consumer.span(), producer.rule(), producer.key(),
                consumer.startUnixNano() - producer.endUnixNano());
    }

    private List<AsyncEdge> recordAndMatch(CorrelationKey... keys) {
        ledger.record(List.of(keys));
        return ledger.match(SETTINGS).newEdges();
    }

    @Test
    void producerThenConsumerMakeOneEdgeWithTheQueueLag() {
        CorrelationKey p = producer("messaging-id", "m-1", 1, t0);
        CorrelationKey c = consumer("messaging-id", "m-1", 2, t0 + 250 * MS);

        assertThat(recordAndMatch(p)).isEmpty();
        assertThat(recordAndMatch(c)).containsExactly(
                new AsyncEdge(p.span(), c.span(), "messaging-id", "m-1", 240 * MS));
        assertThat(ledger.edgesOf(List.of(traceId(1)))).containsExactly(edge(p, c));
    }

    @Test
    void consumerArrivingFirstStillJoinsItsLaterProducer() {
        CorrelationKey p = producer("messaging-id", "m-1", 1, t0);
        CorrelationKey c = consumer("messaging-id", "m-1", 2, t0 + SECOND);

        assertThat(recordAndMatch(c)).isEmpty();
        assertThat(recordAndMatch(p)).containsExactly(edge(p, c));
    }

    @Test
    void bothSidesInOneBatchJoinInOneMatch() {
        CorrelationKey p = producer("messaging-id", "m-1", 1, t0);
        CorrelationKey c = consumer("messaging-id", "m-1", 2, t0 + SECOND);

        assertThat(recordAndMatch(c, p)).containsExactly(edge(p, c));
    }

    @Test
    void aChainSpreadOverManyCallsInAnyOrderIsFullyJoined() {
        CorrelationKey apiPublish = producer("messaging-id", "sns-1", 1, t0);
        CorrelationKey queueConsume = consumer("messaging-id", "sns-1", 2, t0 + SECOND);
        CorrelationKey putObject = producer("s3-object", "bucket/a.csv", 2, t0 + 2 * SECOND);
        CorrelationKey objectTrigger = consumer("s3-object", "bucket/a.csv", 3, t0 + 3 * SECOND);
        CorrelationKey invoke = producer("lambda-invoke", "req-9", 3, t0 + 4 * SECOND);
        CorrelationKey invoked = consumer("lambda-invoke", "req-9", 4, t0 + 5 * SECOND);
        List<AsyncEdge> found = new ArrayList<>();

        ledger.record(List.of(invoked));
        ledger.record(List.of(objectTrigger));
        found.addAll(ledger.match(SETTINGS).newEdges());
        ledger.record(List.of(queueConsume, invoke));
        found.addAll(ledger.match(SETTINGS).newEdges());
        found.addAll(recordAndMatch(putObject));
        found.addAll(recordAndMatch(apiPublish));

        assertThat(found).containsExactlyInAnyOrder(edge(apiPublish, queueConsume), edge(putObject, objectTrigger),
                edge(invoke, invoked));
    }

    @Test
    void recordingAndMatchingAgainChangesNothing() {
        CorrelationKey p = producer("messaging-id", "m-1", 1, t0);
        CorrelationKey c = consumer("messaging-id", "m-1", 2, t0 + SECOND);

        ledger.record(List.of(p, c, p));
        ledger.record(List.of(p, c));
        assertThat(ledger.match(SETTINGS).newEdges()).containsExactly(edge(p, c));
        assertThat(ledger.match(SETTINGS).newEdges()).isEmpty();
        assertThat(recordAndMatch(c, p)).isEmpty();
        assertThat(ledger.edgesOf(List.of(traceId(1), traceId(2)))).containsExactly(edge(p, c));
    }

    @Test
    void aPairJoinedUnderTwoKeysOfOneRuleGetsOneEdgeWithTheSmallerKey() {
        CorrelationKey p1 = producer("order-id", "o-2", 1, t0);
        CorrelationKey p2 = producer("order-id", "o-1", 1, t0);
        CorrelationKey c1 = consumer("order-id", "o-2", 2, t0 + SECOND);
        CorrelationKey c2 = consumer("order-id", "o-1", 2, t0 + SECOND);

        assertThat(recordAndMatch(p1, p2, c1, c2)).containsExactly(edge(p2, c2));
    }

    @Test
    void aPairJoinedByTwoRulesGetsAnEdgePerRule() {
        CorrelationKey link = producer("span-link", "x", 1, t0);
        CorrelationKey linked = consumer("span-link", "x", 2, t0 + SECOND);
        CorrelationKey id = producer("messaging-id", "x", 1, t0);
        CorrelationKey idConsumer = consumer("messaging-id", "x", 2, t0 + SECOND);

        assertThat(recordAndMatch(link, linked, id, idConsumer))
                .containsExactlyInAnyOrder(edge(link, linked), edge(id, idConsumer));
    }

    @Test
    void equalKeysOfDifferentRulesNeverJoin() {
        assertThat(recordAndMatch(producer("messaging-id", "42", 1, t0), consumer("kafka-offset", "42", 2, t0)))
                .isEmpty();
    }

    @Test
    void aSpanNeverJoinsItself() {
        CorrelationKey selfProducer = producer("order-id", "o-1", 1, t0);
        CorrelationKey selfConsumer = consumer("order-id", "o-1", 1, t0);
        CorrelationKey other = consumer("order-id", "o-1", 2, t0 + SECOND);

        assertThat(recordAndMatch(selfProducer, selfConsumer, other)).containsExactly(edge(selfProducer, other));
    }

    @Test
    void producerAndConsumerFurtherApartThanTheWindowNeverJoin() {
        CorrelationKey p = producer("messaging-id", "m-1", 1, t0);
        CorrelationKey atWindow = consumer("messaging-id", "m-1", 2, t0 + HOUR);
        CorrelationKey beyond = consumer("messaging-id", "m-1", 3, t0 + HOUR + 1);
        CorrelationKey before = consumer("messaging-id", "m-1", 4, t0 - HOUR - 1);

        assertThat(recordAndMatch(p, atWindow, beyond, before)).containsExactly(edge(p, atWindow));
    }

    @Test
    void aConsumerStartingBeforeItsProducerJoinsWithNegativeLag() {
        CorrelationKey p = producer("messaging-id", "m-1", 1, t0);
        CorrelationKey skewed = consumer("messaging-id", "m-1", 2, t0 - 5 * MS);

        assertThat(recordAndMatch(p, skewed)).extracting(AsyncEdge::lagNanos).containsExactly(-15 * MS);
    }

    @Test
    void aRulePolicyOverridesTheDefaultWindow() {
        MatchSettings settings = new MatchSettings(Map.of("short", new MatchPolicy(SECOND, false)),
                new MatchPolicy(HOUR, false), 10);
        CorrelationKey shortP = producer("short", "k", 1, t0);
        CorrelationKey shortC = consumer("short", "k", 2, t0 + 2 * SECOND);
        CorrelationKey defaultP = producer("other", "k", 3, t0);
        CorrelationKey defaultC = consumer("other", "k", 4, t0 + 2 * SECOND);

        ledger.record(List.of(shortP, shortC, defaultP, defaultC));

        assertThat(ledger.match(settings).newEdges()).containsExactly(edge(defaultP, defaultC));
    }

    @Test
    void latestProducerOnlyJoinsTheLastProducerBeforeTheConsumer() {
        MatchSettings settings = latestOnly("s3-object");
        CorrelationKey first = producer("s3-object", "b/k", 1, t0);
        CorrelationKey second = producer("s3-object", "b/k", 2, t0 + SECOND);
        CorrelationKey afterwards = producer("s3-object", "b/k", 3, t0 + 3 * SECOND);
        CorrelationKey trigger = consumer("s3-object", "b/k", 4, t0 + 2 * SECOND);

        ledger.record(List.of(first, trigger, afterwards, second));

        assertThat(ledger.match(settings).newEdges()).containsExactly(edge(second, trigger));
    }

    @Test
    void latestProducerOnlyFallsBackToTheNearestLaterProducer() {
        MatchSettings settings = latestOnly("s3-object");
        CorrelationKey near = producer("s3-object", "b/k", 1, t0 + SECOND);
        CorrelationKey far = producer("s3-object", "b/k", 2, t0 + 5 * SECOND);
        CorrelationKey trigger = consumer("s3-object", "b/k", 3, t0);

        ledger.record(List.of(far, trigger, near));

        assertThat(ledger.match(settings).newEdges()).containsExactly(edge(near, trigger));
    }

    @Test
    void latestProducerOnlyIgnoresProducersOutsideTheWindow() {
        MatchSettings settings = latestOnly("s3-object");
        CorrelationKey inWindow = producer("s3-object", "b/k", 1, t0 - HOUR);
        CorrelationKey outside = producer("s3-object", "b/k", 2, t0 + HOUR + SECOND);
        CorrelationKey trigger = consumer("s3-object", "b/k", 3, t0);

        ledger.record(List.of(inWindow, outside, trigger));

        assertThat(ledger.match(settings).newEdges()).containsExactly(edge(inWindow, trigger));
    }

    @Test
    void aLateOlderProducerDoesNotJoinAConsumerThatHasANewerOne() {
        MatchSettings settings = latestOnly("s3-object");
        CorrelationKey newer = producer("s3-object", "b/k", 1, t0 + SECOND);
        CorrelationKey trigger = consumer("s3-object", "b/k", 2, t0 + 2 * SECOND);
        CorrelationKey older = producer("s3-object", "b/k", 3, t0);

        ledger.record(List.of(trigger, newer));
        assertThat(ledger.match(settings).newEdges()).containsExactly(edge(newer, trigger));
        ledger.record(List.of(older));
        assertThat(ledger.match(settings).newEdges()).isEmpty();
    }

    @Test
    void latestProducerOnlyChoosesPerConsumer() {
        MatchSettings settings = latestOnly("s3-object");
        CorrelationKey first = producer("s3-object", "b/k", 1, t0);
        CorrelationKey firstTrigger = consumer("s3-object", "b/k", 2, t0 + SECOND);
        CorrelationKey second = producer("s3-object", "b/k", 3, t0 + 2 * SECOND);
        CorrelationKey secondTrigger = consumer("s3-object", "b/k", 4, t0 + 3 * SECOND);

        ledger.record(List.of(secondTrigger, second, firstTrigger, first));

        assertThat(ledger.match(settings).newEdges())
                .containsExactlyInAnyOrder(edge(first, firstTrigger), edge(second, secondTrigger));
    }

    private static MatchSettings latestOnly(String rule) {
        return new MatchSettings(Map.of(rule, new MatchPolicy(HOUR, true)), new MatchPolicy(HOUR, false), 10);
    }

    @Test
    void aKeyHeldByMoreSpansThanTheFanoutOnOneSideIsHotAndMakesNoEdges() {
        MatchSettings settings = new MatchSettings(Map.of(), new MatchPolicy(HOUR, false), 2);
        CorrelationKey coldP = producer("order-id", "cold", 1, t0);
        CorrelationKey coldC = consumer("order-id", "cold", 2, t0);
        CorrelationKey atLimitP = producer("order-id", "two", 3, t0);
        CorrelationKey atLimitC1 = consumer("order-id", "two", 4, t0);
        CorrelationKey atLimitC2 = consumer("order-id", "two", 5, t0);
        ledger.record(List.of(coldP, coldC, atLimitP, atLimitC1, atLimitC2,
                producer("order-id", "hot-producers", 10, t0), producer("order-id", "hot-producers", 11, t0),
                producer("order-id", "hot-producers", 12, t0), consumer("order-id", "hot-producers", 13, t0),
                producer("order-id", "hot-consumers", 20, t0), consumer("order-id", "hot-consumers", 21, t0),
                consumer("order-id", "hot-consumers", 22, t0), consumer("order-id", "hot-consumers", 23, t0)));

        MatchResult result = ledger.match(settings);

        assertThat(result.newEdges()).containsExactlyInAnyOrder(edge(coldP, coldC), edge(atLimitP, atLimitC1),
                edge(atLimitP, atLimitC2));
        assertThat(result.hotKeysSkipped()).isEqualTo(2);
    }

    @Test
    void aKeyTurningHotStopsFurtherEdges() {
        MatchSettings settings = new MatchSettings(Map.of(), new MatchPolicy(HOUR, false), 2);
        CorrelationKey p = producer("order-id", "k", 1, t0);
        CorrelationKey c = consumer("order-id", "k", 2, t0);
        ledger.record(List.of(p, c));
        assertThat(ledger.match(settings).newEdges()).containsExactly(edge(p, c));

        ledger.record(List.of(consumer("order-id", "k", 3, t0), consumer("order-id", "k", 4, t0)));
        MatchResult result = ledger.match(settings);

        assertThat(result.newEdges()).isEmpty();
        assertThat(result.hotKeysSkipped()).isEqualTo(1);
        assertThat(ledger.edgesOf(List.of(traceId(1)))).containsExactly(edge(p, c));
    }

    @Test
    void edgesOfFindsEdgesFromBothEnds() {
        CorrelationKey aOut = producer("messaging-id", "ab", 1, t0);
        CorrelationKey bIn = consumer("messaging-id", "ab", 2, t0 + SECOND);
        CorrelationKey bOut = producer("messaging-id", "bc", 2, t0 + 2 * SECOND);
        CorrelationKey cIn = consumer("messaging-id", "bc", 3, t0 + 3 * SECOND);
        recordAndMatch(aOut, bIn, bOut, cIn);

        assertThat(ledger.edgesOf(List.of(traceId(2)))).containsExactlyInAnyOrder(edge(aOut, bIn), edge(bOut, cIn));
        assertThat(ledger.edgesOf(List.of(traceId(1)))).containsExactly(edge(aOut, bIn));
        assertThat(ledger.edgesOf(List.of(traceId(3)))).containsExactly(edge(bOut, cIn));
        assertThat(ledger.edgesOf(List.of(traceId(1), traceId(3)))).hasSize(2);
        assertThat(ledger.edgesOf(List.of(traceId(99)))).isEmpty();
        assertThat(ledger.edgesOf(List.of())).isEmpty();
    }

    @Test
    void connectedTracesFollowEdgesBothWaysUpToTheLimit() {
        recordAndMatch(producer("messaging-id", "ab", 1, t0), consumer("messaging-id", "ab", 2, t0 + SECOND),
                producer("messaging-id", "cb", 3, t0), consumer("messaging-id", "cb", 2, t0 + SECOND),
                producer("messaging-id", "bd", 2, t0 + 2 * SECOND), consumer("messaging-id", "bd", 4, t0 + 3 * SECOND),
                producer("messaging-id", "xy", 8, t0), consumer("messaging-id", "xy", 9, t0 + SECOND));

        assertThat(ledger.connectedTraces(traceId(1), 100))
                .containsExactlyInAnyOrder(traceId(1), traceId(2), traceId(3), traceId(4));
        assertThat(ledger.connectedTraces(traceId(4), 100)).hasSize(4).doesNotContain(traceId(8), traceId(9));
        assertThat(ledger.connectedTraces(traceId(1), 2)).hasSize(2).contains(traceId(1));
        assertThat(ledger.connectedTraces(traceId(77), 100)).containsExactly(traceId(77));
    }

    @Test
    void deleteBeforeForgetsOldKeysAndEdges() {
        long old = t0 - 3 * DAY;
        CorrelationKey oldP = producer("messaging-id", "old", 1, old);
        CorrelationKey oldC = consumer("messaging-id", "old", 2, old + SECOND);
        CorrelationKey oldUnmatched = producer("messaging-id", "late", 3, old);
        CorrelationKey newP = producer("messaging-id", "new", 4, t0);
        CorrelationKey newC = consumer("messaging-id", "new", 5, t0 + SECOND);
        recordAndMatch(oldP, oldC, oldUnmatched, newP, newC);

        ledger.deleteBefore(t0 - DAY);

        assertThat(ledger.edgesOf(List.of(traceId(1), traceId(2), traceId(4), traceId(5)))).containsExactly(edge(newP, newC));
        MatchSettings wideWindow = new MatchSettings(Map.of(), new MatchPolicy(4 * DAY, false), 10);
        ledger.record(List.of(consumer("messaging-id", "late", 6, t0)));
        assertThat(ledger.match(wideWindow).newEdges()).as("the old producer key is forgotten").isEmpty();
    }

    @Test
    void concurrentRecordingAndMatchingMakesEachEdgeExactlyOnce() throws Exception {
        int threads = 4;
        int pairsPerThread = 200;
        List<Future<List<AsyncEdge>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<AsyncEdge> found = new ArrayList<>();
                    for (int i = 0; i < pairsPerThread; i += 20) {
                        List<CorrelationKey> batch = new ArrayList<>();
                        for (int j = i; j < i + 20; j++) {
                            // producers of this thread's keys, consumers of the next thread's keys
                            int own = thread * pairsPerThread + j;
                            int next = ((thread + 1) % threads) * pairsPerThread + j;
                            batch.add(producer("messaging-id", "m-" + own, 1 + 2 * own, t0));
                            batch.add(consumer("messaging-id", "m-" + next, 2 + 2 * next, t0 + SECOND));
                        }
                        ledger.record(batch);
                        found.addAll(ledger.match(SETTINGS).newEdges());
                    }
                    return found;
                }));
            }
        }
        List<AsyncEdge> all = new ArrayList<>(ledger.match(SETTINGS).newEdges());
        for (Future<List<AsyncEdge>> result : results) {
            all.addAll(result.get());
        }

        int pairs = threads * pairsPerThread;
        assertThat(all).hasSize(pairs).doesNotHaveDuplicates();
        assertThat(ledger.edgesOf(IntStream.rangeClosed(1, 2 * pairs).mapToObj(n -> traceId(n)).toList()))
                .hasSize(pairs);
    }
}
