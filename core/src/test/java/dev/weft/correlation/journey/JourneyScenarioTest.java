package dev.weft.correlation.journey;

import dev.weft.correlation.CorrelatingSpanConsumer;
import dev.weft.correlation.ledger.AsyncEdge;
import dev.weft.correlation.ledger.CorrelationLedger;
import dev.weft.correlation.ledger.RuleStore;
import dev.weft.correlation.rules.RuleCodec;
import dev.weft.correlation.rules.RuleDefinition;
import dev.weft.correlation.rules.RuleRegistry;
import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.LogRecord;
import dev.weft.model.Span;
import dev.weft.model.SpanKind;
import dev.weft.model.SpanLink;
import dev.weft.model.Status;
import dev.weft.storage.memory.InMemoryStorage;
import dev.weft.testing.TestTelemetry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.weft.testing.TestTelemetry.MS;
import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asynchronous chains built as the OpenTelemetry instrumentations emit them, stitched into
 * journeys. Every ledger implementation runs these scenarios (memory here, PostgreSQL in its
 * module) with the in-memory span store, since journeys only read spans through the SPI.
 */
public abstract class JourneyScenarioTest {

    static final long SECOND = 1_000 * MS;
    static final long HOUR = 3_600 * SECOND;
    static final int MAX_FANOUT = 5;

    private InMemoryStorage storage;
    private CorrelationLedger ledger;
    private RuleRegistry rules;
    private CorrelatingSpanConsumer ingest;
    private JourneyAssembler assembler;

    /** A ledger holding nothing. */
    protected abstract CorrelationLedger emptyLedger();

    /** A rule store holding nothing. */
    protected abstract RuleStore emptyRuleStore();

    @BeforeEach
    void setUp() {
        storage = new InMemoryStorage(100_000, 1_000, 1_000);
        ledger = emptyLedger();
        rules = new RuleRegistry(24 * HOUR, Set.of(), MAX_FANOUT, List.of(), emptyRuleStore(), new TestCodec());
        ingest = new CorrelatingSpanConsumer(storage.spanConsumer(), ledger, rules);
        assembler = new JourneyAssembler(ledger, storage.spanStore(), storage.logStore(), 50, 1_000);
    }

    /** Ingests the spans and runs one match, as the correlator does on its schedule. */
    void ingest(Span... spans) {
        ingest.accept(List.of(spans));
        ledger.match(rules.matchSettings());
    }

    Journey journey(String traceId) {
        return assembler.forTrace(traceId).orElseThrow();
    }

    static Span span(long trace, long id, long parent, String service, String name, SpanKind kind, long start,
                     long duration, List<SpanLink> links, String... attributes) {
        Map<String, AnyValue> attrs = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            attrs.put(attributes[i], AnyValue.of(attributes[i + 1]));
        }
        Span base = TestTelemetry.span(traceId(trace), spanId(id), parent == 0 ? "" : spanId(parent), service, name,
                start, duration);
        return new Span(base.traceId(), base.spanId(), "", base.parentSpanId(), 1, name, kind, start, start + duration,
                Attributes.of(attrs), 0, List.of(), 0, links, 0, Status.UNSET, base.resource(), base.scope());
    }

    static SpanLink link(long trace, long span, String messageId) {
        return new SpanLink(traceId(trace), spanId(span), "", messageId == null ? Attributes.empty()
                : Attributes.of("messaging.message.id", AnyValue.of(messageId)), 0, 1);
    }

    /** API -> SNS publish -> SQS consumer -> S3 PutObject -> triggered function -> Lambda Invoke -> Kafka consumer. */
    public static List<Span> fiveTraceChain() {
        return List.of(
                span(1, 10, 0, "api", "POST /orders", SpanKind.SERVER, T0, 120 * MS, List.of()),
                span(1, 11, 10, "api", "SNS.Publish", SpanKind.CLIENT, T0 + 10 * MS, 30 * MS, List.of(),
                        "rpc.system", "aws-api", "rpc.service", "SNS", "rpc.method", "Publish",
                        "messaging.system", "aws.sns", "messaging.destination.name", "orders", "messaging.message.id", "sns-1"),
                span(2, 20, 0, "orders", "orders process", SpanKind.CONSUMER, T0 + 200 * MS, 300 * MS, List.of(),
                        "messaging.system", "aws_sqs", "messaging.operation.type", "process", "messaging.message.id", "sns-1"),
                span(2, 21, 20, "orders", "S3.PutObject", SpanKind.CLIENT, T0 + 250 * MS, 50 * MS, List.of(),
                        "rpc.service", "S3", "rpc.method", "PutObject", "aws.s3.bucket", "invoices", "aws.s3.key", "o-1.pdf"),
                span(3, 30, 0, "renderer", "invoice-renderer", SpanKind.SERVER, T0 + 900 * MS, 400 * MS, List.of(),
                        "faas.trigger", "datasource", "faas.document.collection", "invoices", "faas.document.name", "o-1.pdf"),
                span(3, 31, 30, "renderer", "Lambda.Invoke", SpanKind.CLIENT, T0 + 1000 * MS, 100 * MS, List.of(),
                        "rpc.service", "Lambda", "rpc.method", "Invoke", "aws.request_id", "req-9"),
                span(4, 40, 0, "notifier", "notifier", SpanKind.SERVER, T0 + 1050 * MS, 200 * MS, List.of(),
                        "faas.invocation_id", "req-9"),
                span(4, 41, 40, "notifier", "receipts publish", SpanKind.PRODUCER, T0 + 1100 * MS, 5 * MS, List.of(),
                        "messaging.system", "kafka", "messaging.destination.name", "receipts",
                        "messaging.destination.partition.id", "0", "messaging.kafka.offset", "7"),
                span(5, 50, 0, "mailer", "receipts process", SpanKind.CONSUMER, T0 + 1500 * MS, 80 * MS, List.of(),
                        "messaging.system", "kafka", "messaging.destination.name", "receipts",
                        "messaging.destination.partition.id", "0", "messaging.kafka.offset", "7"));
    }

    @Test
    void aFiveHopChainIsOneJourneyWithTheRightEdgesAndRules() {
        ingest(fiveTraceChain().toArray(Span[]::new));

        for (long member = 1; member <= 5; member++) {
            Journey journey = journey(traceId(member));
            assertThat(journey.journeyId()).isEqualTo(traceId(1));
            assertThat(journey.origins()).containsExactly(traceId(1));
            assertThat(journey.traceIds()).containsExactlyInAnyOrder(traceId(1), traceId(2), traceId(3), traceId(4), traceId(5));
            assertThat(journey.truncated()).isFalse();
        }
        Journey journey = journey(traceId(3));
        assertThat(journey.spans()).hasSize(9);
        assertThat(journey.services()).containsExactly("api", "orders", "renderer", "notifier", "mailer");
        assertThat(journey.startTimeUnixNano()).isEqualTo(T0);
        assertThat(journey.durationNanos()).isEqualTo(1580 * MS);
        assertThat(edges(journey)).containsExactlyInAnyOrder(
                "messaging-id " + spanId(11) + "->" + spanId(20) + " lag " + 160 * MS,
                "s3-object " + spanId(21) + "->" + spanId(30) + " lag " + 600 * MS,
                "lambda-invoke " + spanId(31) + "->" + spanId(40) + " lag " + (-50 * MS),
                "kafka-offset " + spanId(41) + "->" + spanId(50) + " lag " + 395 * MS);
    }

    @Test
    void logsJoinByTraceContextAndByInvocationId() {
        ingest(fiveTraceChain().toArray(Span[]::new));
        LogRecord inTrace = TestTelemetry.log("orders", T0 + 260 * MS, 9, "object written", traceId(2), spanId(21));
        LogRecord platform = new LogRecord(T0 + 1200 * MS, T0 + 1200 * MS, 17, "ERROR", AnyValue.of("Task timed out"),
                Attributes.of("faas.invocation_id", AnyValue.of("req-9")), 0, 0, "", "", "",
                TestTelemetry.resource("notifier"), null);
        LogRecord unrelated = TestTelemetry.log("other", T0, 9, "noise", traceId(99), spanId(99));
        storage.logConsumer().accept(List.of(inTrace, platform, unrelated));

        assertThat(journey(traceId(1)).logs()).containsExactly(inTrace, platform);
    }

    @Test
    void theSameChainArrivingConsumersFirstAndSpreadOverTimeIsTheSameJourney() {
        List<Span> reversed = new ArrayList<>(fiveTraceChain());
        Collections.reverse(reversed);
        for (Span span : reversed) {
            ingest(span);
        }
        ingest(fiveTraceChain().toArray(Span[]::new));

        Journey journey = journey(traceId(5));
        assertThat(journey.journeyId()).isEqualTo(traceId(1));
        assertThat(journey.traceIds()).hasSize(5);
        assertThat(journey.edges()).as("duplicates change nothing").hasSize(4);
        assertThat(journey.spans()).hasSize(9);
    }

    @Test
    void aBatchConsumerBelongsToEveryChainAndKeepsTheChainsApart() {
        // Three independent chains, each publishing one message to the same queue.
        for (long chain = 1; chain <= 3; chain++) {
            ingest(span(chain, chain * 10, 0, "api-" + chain, "POST /x", SpanKind.SERVER, T0 + chain * MS, 50 * MS, List.of()),
                    span(chain, chain * 10 + 1, chain * 10, "api-" + chain, "jobs send", SpanKind.PRODUCER,
                            T0 + chain * MS + MS, 5 * MS, List.of(), "messaging.system", "aws_sqs",
                            "messaging.message.id", "msg-" + chain));
        }
        // One consumer took all three messages in one batch: one link per message.
        ingest(span(9, 90, 0, "worker", "jobs process", SpanKind.CONSUMER, T0 + SECOND, 100 * MS,
                List.of(link(1, 11, "msg-1"), link(2, 21, "msg-2"), link(3, 31, "msg-3")), "messaging.system", "aws_sqs"));

        Journey batch = journey(traceId(9));
        assertThat(batch.origins()).containsExactly(traceId(1), traceId(2), traceId(3));
        assertThat(batch.journeyId()).isEqualTo(traceId(1));
        assertThat(batch.traceIds()).containsExactlyInAnyOrder(traceId(1), traceId(2), traceId(3), traceId(9));
        for (long chain = 1; chain <= 3; chain++) {
            Journey journey = journey(traceId(chain));
            assertThat(journey.journeyId()).isEqualTo(traceId(chain));
            assertThat(journey.traceIds()).as("chain %d keeps to itself", chain)
                    .containsExactlyInAnyOrder(traceId(chain), traceId(9));
        }
        assertThat(batch.edges()).extracting(AsyncEdge::rule).contains("span-link", "messaging-id");
    }

    @Test
    void aBusinessKeyJoinsThroughAUserDefinedRule() {
        rules.save(new RuleDefinition("order-id",
                new RuleDefinition.SideSpec(Map.of("kind", "PRODUCER"), List.of("order.id")),
                new RuleDefinition.SideSpec(Map.of("kind", "CONSUMER"), List.of("order.id")), "PT1H"));
        ingest(span(1, 10, 0, "shop", "OrderCreated publish", SpanKind.PRODUCER, T0, 5 * MS, List.of(), "order.id", "o-42"),
                span(2, 20, 0, "billing", "OrderCreated process", SpanKind.CONSUMER, T0 + 30 * SECOND, 5 * MS, List.of(),
                        "order.id", "o-42"),
                span(3, 30, 0, "billing", "OrderCreated process", SpanKind.CONSUMER, T0 + 2 * HOUR, 5 * MS, List.of(),
                        "order.id", "o-42"));

        assertThat(journey(traceId(2)).traceIds()).containsExactlyInAnyOrder(traceId(1), traceId(2));
        assertThat(journey(traceId(2)).edges()).extracting(AsyncEdge::rule).containsExactly("order-id");
        assertThat(journey(traceId(3)).traceIds()).as("outside the rule's one-hour window").containsExactly(traceId(3));
    }

    @Test
    void noiseDoesNotJoin() {
        ingest(span(1, 10, 0, "api", "S3.PutObject", SpanKind.CLIENT, T0, 5 * MS, List.of(),
                        "rpc.service", "S3", "rpc.method", "PutObject", "aws.s3.bucket", "other-bucket", "aws.s3.key", "k.pdf"),
                span(2, 20, 0, "fn", "handler", SpanKind.SERVER, T0 + SECOND, 5 * MS, List.of(),
                        "faas.trigger", "datasource", "faas.document.collection", "invoices", "faas.document.name", "k.pdf"),
                span(3, 30, 0, "api", "send", SpanKind.PRODUCER, T0, 5 * MS, List.of(), "messaging.message.id", "old"),
                span(4, 40, 0, "worker", "process", SpanKind.CONSUMER, T0 + 25 * HOUR, 5 * MS, List.of(),
                        "messaging.message.id", "old"));
        List<Span> hot = new ArrayList<>();
        for (long i = 0; i <= MAX_FANOUT; i++) {
            hot.add(span(10 + i, 100 + i, 0, "api", "send", SpanKind.PRODUCER, T0 + i * MS, MS, List.of(),
                    "messaging.message.id", "constant"));
        }
        hot.add(span(20, 200, 0, "worker", "process", SpanKind.CONSUMER, T0 + SECOND, MS, List.of(),
                "messaging.message.id", "constant"));
        ingest(hot.toArray(Span[]::new));

        assertThat(journey(traceId(2)).traceIds()).as("same key, other bucket").containsExactly(traceId(2));
        assertThat(journey(traceId(4)).traceIds()).as("same id, outside the window").containsExactly(traceId(4));
        assertThat(journey(traceId(20)).traceIds()).as("hot key").containsExactly(traceId(20));
    }

    @Test
    void aLateEdgeIntoAnOriginMakesItPartOfTheUpstreamJourney() {
        ingest(span(2, 20, 0, "orders", "orders process", SpanKind.CONSUMER, T0 + SECOND, 10 * MS, List.of(),
                        "messaging.message.id", "m-2"),
                span(2, 21, 20, "orders", "payments send", SpanKind.PRODUCER, T0 + SECOND, MS, List.of(),
                        "messaging.message.id", "m-3"),
                span(3, 30, 0, "payments", "payments process", SpanKind.CONSUMER, T0 + 2 * SECOND, 10 * MS, List.of(),
                        "messaging.message.id", "m-3"));
        assertThat(journey(traceId(3)).journeyId()).isEqualTo(traceId(2));

        // The upstream producer's spans arrive late.
        ingest(span(1, 10, 0, "api", "orders send", SpanKind.PRODUCER, T0, MS, List.of(), "messaging.message.id", "m-2"));

        for (long member = 1; member <= 3; member++) {
            Journey journey = journey(traceId(member));
            assertThat(journey.journeyId()).as("trace %d", member).isEqualTo(traceId(1));
            assertThat(journey.origins()).containsExactly(traceId(1));
            assertThat(journey.traceIds()).containsExactlyInAnyOrder(traceId(1), traceId(2), traceId(3));
        }
    }

    @Test
    void aRunawayJourneyStopsGrowingAndSaysSo() {
        JourneyAssembler small = new JourneyAssembler(ledger, storage.spanStore(), storage.logStore(), 3, 100);
        List<Span> chain = new ArrayList<>();
        for (long t = 1; t <= 5; t++) {
            chain.add(span(t, t * 10, 0, "svc", "process", SpanKind.CONSUMER, T0 + t * SECOND, MS, List.of(),
                    "messaging.message.id", "m-" + t));
            chain.add(span(t, t * 10 + 1, t * 10, "svc", "send", SpanKind.PRODUCER, T0 + t * SECOND, MS, List.of(),
                    "messaging.message.id", "m-" + (t + 1)));
        }
        ingest(chain.toArray(Span[]::new));

        Journey journey = small.forTrace(traceId(1)).orElseThrow();
        assertThat(journey.truncated()).isTrue();
        assertThat(journey.traceIds()).hasSize(3);
    }

    @Test
    void anUnknownTraceHasNoJourneyAndALoneTraceIsItsOwn() {
        assertThat(assembler.forTrace(traceId(77))).isEmpty();
        ingest(span(1, 10, 0, "api", "GET /", SpanKind.SERVER, T0, MS, List.of()));
        Journey alone = journey(traceId(1));
        assertThat(alone.journeyId()).isEqualTo(traceId(1));
        assertThat(alone.traceIds()).containsExactly(traceId(1));
        assertThat(alone.edges()).isEmpty();
    }

    static List<String> edges(Journey journey) {
        return journey.edges().stream().map(e -> e.rule() + " " + e.producer().spanId() + "->" + e.consumer().spanId()
                + " lag " + e.lagNanos()).toList();
    }

    /** Keeps definitions in memory and stores their name as a JSON string; real JSON is the server's business. */
    public static final class TestCodec implements RuleCodec {
        private final Map<String, RuleDefinition> definitions = new HashMap<>();

        @Override
        public RuleDefinition parse(String json) {
            return definitions.get(json);
        }

        @Override
        public String render(RuleDefinition definition) {
            String json = "\"" + definition.name() + "\"";
            definitions.put(json, definition);
            return json;
        }
    }
}
