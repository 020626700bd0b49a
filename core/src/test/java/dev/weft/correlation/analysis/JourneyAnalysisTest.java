package dev.weft.correlation.analysis;

import dev.weft.correlation.journey.Journey;
import dev.weft.correlation.journey.JourneyAssembler;
import dev.weft.correlation.journey.JourneyScenarioTest;
import dev.weft.correlation.CorrelatingSpanConsumer;
import dev.weft.correlation.ledger.InMemoryCorrelationLedger;
import dev.weft.correlation.ledger.InMemoryRuleStore;
import dev.weft.correlation.ledger.SpanRef;
import dev.weft.correlation.rules.RuleRegistry;
import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.LogRecord;
import dev.weft.model.Span;
import dev.weft.model.SpanEvent;
import dev.weft.model.Status;
import dev.weft.model.StatusCode;
import dev.weft.storage.memory.InMemoryStorage;
import dev.weft.testing.TestTelemetry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static dev.weft.testing.TestTelemetry.MS;
import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Root cause and critical path over the five-trace chain of {@link JourneyScenarioTest}
 * (api -> orders -> renderer -> notifier -> mailer), with failures and delays placed in it.
 */
class JourneyAnalysisTest {

    static final long SECOND = 1_000 * MS;

    final InMemoryStorage storage = new InMemoryStorage(10_000, 1_000, 1_000);
    final InMemoryCorrelationLedger ledger = new InMemoryCorrelationLedger();
    final RuleRegistry rules = new RuleRegistry(86_400 * SECOND, Set.of(), 10, List.of(), new InMemoryRuleStore(),
            new JourneyScenarioTest.TestCodec());

    Journey journeyOf(List<Span> spans, List<LogRecord> logs) {
        new CorrelatingSpanConsumer(storage.spanConsumer(), ledger, rules).accept(spans);
        storage.logConsumer().accept(logs);
        ledger.match(rules.matchSettings());
        return new JourneyAssembler(ledger, storage.spanStore(), storage.logStore(), 50, 1_000)
                .forTrace(traceId(1)).orElseThrow();
    }

    /** The chain with some spans changed, found by span id. */
    static List<Span> chain(Map<Long, UnaryOperator<Span>> changes) {
        List<Span> spans = new ArrayList<>();
        for (Span span : JourneyScenarioTest.fiveTraceChain()) {
            UnaryOperator<Span> change = changes.get(Long.parseLong(span.spanId(), 16));
            spans.add(change == null ? span : change.apply(span));
        }
        return spans;
    }

    static UnaryOperator<Span> failed(String message) {
        return s -> copy(s, new Status(StatusCode.ERROR, message), s.events(), s.startTimeUnixNano(), s.endTimeUnixNano(),
                s.attributes());
    }

    static UnaryOperator<Span> failedWith(String type, String message) {
        return s -> copy(s, new Status(StatusCode.ERROR, message), List.of(new SpanEvent(s.startTimeUnixNano() + 1, "exception",
                Attributes.of(Map.of("exception.type", AnyValue.of(type), "exception.message", AnyValue.of(message),
                        "exception.stacktrace", AnyValue.of(type + ": " + message + "\n\tat Notifier.send(Notifier.java:42)"))),
                0)), s.startTimeUnixNano(), s.endTimeUnixNano(), s.attributes());
    }

    static UnaryOperator<Span> timed(long start, long duration) {
        return s -> copy(s, s.status(), s.events(), start, start + duration, s.attributes());
    }

    static Span copy(Span s, Status status, List<SpanEvent> events, long start, long end, Attributes attributes) {
        return new Span(s.traceId(), s.spanId(), s.traceState(), s.parentSpanId(), s.flags(), s.name(), s.kind(), start, end,
                attributes, 0, events, 0, s.links(), 0, status, s.resource(), s.scope());
    }

    /** A child of the notifier (trace 4) that calls the mail provider. */
    static Span providerCall(Status status) {
        Span base = TestTelemetry.span(traceId(4), spanId(42), spanId(40), "notifier", "POST /send", T0 + 1060 * MS, 100 * MS);
        return copy(new Span(base.traceId(), base.spanId(), "", base.parentSpanId(), 1, base.name(),
                dev.weft.model.SpanKind.CLIENT, base.startTimeUnixNano(), base.endTimeUnixNano(), Attributes.empty(), 0,
                List.of(), 0, List.of(), 0, status, base.resource(), base.scope()), status, List.of(),
                base.startTimeUnixNano(), base.endTimeUnixNano(), Attributes.of("http.response.status_code", AnyValue.of(503L)));
    }

    @Test
    void aChainFailingAtTheFourthHopHasThatSpanAsRootCauseWithPathAndLogs() {
        List<Span> spans = new ArrayList<>(chain(Map.of(40L, failedWith("java.net.SocketTimeoutException", "mail provider timed out"))));
        LogRecord spanLog = TestTelemetry.log("notifier", T0 + 1100 * MS, 17, "sending failed", traceId(4), spanId(40));
        LogRecord platformLog = new LogRecord(T0 + 1240 * MS, T0 + 1240 * MS, 17, "ERROR", AnyValue.of("Task timed out after 0.20 seconds"),
                Attributes.empty(), 0, 0, "", "", "",
                new dev.weft.model.Resource(Attributes.of(Map.of("service.name", AnyValue.of("notifier"),
                        "faas.invocation_id", AnyValue.of("req-9"))), 0, ""), null);
        LogRecord infoLog = TestTelemetry.log("notifier", T0 + 1090 * MS, 9, "sending", traceId(4), spanId(40));

        RootCause cause = journeyOf(spans, List.of(spanLog, platformLog, infoLog)).rootCause();

        assertThat(cause.traceId()).isEqualTo(traceId(4));
        assertThat(cause.spanId()).isEqualTo(spanId(40));
        assertThat(cause.serviceName()).isEqualTo("notifier");
        assertThat(cause.message()).isEqualTo("mail provider timed out");
        assertThat(cause.exception().type()).isEqualTo("java.net.SocketTimeoutException");
        assertThat(cause.exception().stacktrace()).contains("Notifier.java:42");
        assertThat(cause.path()).extracting(SpanRef::spanId).containsExactly(
                spanId(10), spanId(11), spanId(20), spanId(21), spanId(30), spanId(31), spanId(40));
        assertThat(cause.logs()).containsExactly(spanLog, platformLog);
        assertThat(cause.otherFailures()).isEmpty();
    }

    @Test
    void aFailurePropagatedUpItsCallersIsBlamedOnTheDeepestSpan() {
        List<Span> spans = new ArrayList<>(chain(Map.of(40L, failed("notify failed"), 31L, failed("Lambda returned an error"),
                30L, failed("render failed"))));
        spans.add(providerCall(Status.UNSET));

        RootCause cause = journeyOf(spans, List.of()).rootCause();

        assertThat(cause.spanId()).as("an HTTP 503 without a status is a failure too").isEqualTo(spanId(42));
        assertThat(cause.name()).isEqualTo("POST /send");
        assertThat(cause.otherFailures()).isEmpty();
        assertThat(cause.path().getLast().spanId()).isEqualTo(spanId(42));
    }

    @Test
    void independentFailuresNameTheEarliestAndListTheOthers() {
        List<Span> spans = new ArrayList<>(chain(Map.of(50L, failed("mailbox full"))));
        // The API's stock check failed on a branch of its own, beside the chain.
        Span stock = TestTelemetry.errorSpan(traceId(1), spanId(12), spanId(10), "api", "GET /stock", T0 + 50 * MS, 20 * MS);
        spans.add(stock);

        RootCause cause = journeyOf(spans, List.of()).rootCause();

        assertThat(cause.spanId()).isEqualTo(spanId(12));
        assertThat(cause.otherFailures()).extracting(RootCause.Failure::spanId).containsExactly(spanId(50));
    }

    @Test
    void aJourneyWithoutFailuresHasNoRootCause() {
        List<Span> spans = new ArrayList<>(chain(Map.of()));
        spans.set(0, copy(spans.getFirst(), Status.UNSET, List.of(new SpanEvent(T0 + 1, "exception",
                Attributes.of("exception.type", AnyValue.of("HandledException")), 0)), T0, T0 + 120 * MS, Attributes.empty()));

        assertThat(journeyOf(spans, List.of()).rootCause()).as("a handled exception is no failure").isNull();
    }

    @Test
    void aSlowQueueDominatesTheCriticalPath() {
        // The mailer consumes the Kafka record 20 s after it was published.
        List<Span> spans = chain(Map.of(50L, timed(T0 + 21 * SECOND, 80 * MS)));

        List<CriticalPathStep> path = journeyOf(spans, List.of()).criticalPath();

        assertThat(path).extracting(CriticalPathStep::spanId).containsExactly(
                spanId(10), spanId(11), spanId(20), spanId(21), spanId(30), spanId(31), spanId(40), spanId(41), spanId(50));
        CriticalPathStep mailer = path.getLast();
        assertThat(mailer.queueLagNanos()).isEqualTo(21 * SECOND - 1105 * MS);
        assertThat(mailer.selfNanos()).isEqualTo(80 * MS);
        assertThat(mailer.queueLagNanos()).isGreaterThan(path.stream().mapToLong(CriticalPathStep::selfNanos).sum());
    }

    @Test
    void aSlowFunctionDominatesTheCriticalPath() {
        // The renderer takes 30 s before it invokes the notifier.
        List<Span> spans = chain(Map.of(30L, timed(T0 + 900 * MS, 30_300 * MS), 31L, timed(T0 + 30900 * MS, 100 * MS),
                40L, timed(T0 + 30950 * MS, 200 * MS), 41L, timed(T0 + 31000 * MS, 5 * MS), 50L, timed(T0 + 31400 * MS, 80 * MS)));

        List<CriticalPathStep> path = journeyOf(spans, List.of()).criticalPath();

        CriticalPathStep renderer = path.stream().filter(s -> s.spanId().equals(spanId(30))).findFirst().orElseThrow();
        assertThat(renderer.selfNanos()).as("time before it invoked the notifier").isEqualTo(30 * SECOND);
        assertThat(path.stream().mapToLong(CriticalPathStep::selfNanos).max().orElseThrow()).isEqualTo(renderer.selfNanos());
        assertThat(renderer.selfNanos()).isGreaterThan(path.stream().mapToLong(CriticalPathStep::queueLagNanos).sum());
    }

    @Test
    void aConsumerWhoseClockRunsAheadStillJoinsThePathWithoutNegativeWait() {
        // The notifier's host clock is ahead: it seems to start before the invoke that caused it.
        List<Span> spans = chain(Map.of(40L, timed(T0 + 800 * MS, 200 * MS), 41L, timed(T0 + 850 * MS, 5 * MS)));

        List<CriticalPathStep> path = journeyOf(spans, List.of()).criticalPath();

        assertThat(path).extracting(CriticalPathStep::spanId).contains(spanId(31), spanId(40), spanId(50));
        assertThat(path).allSatisfy(step -> assertThat(step.queueLagNanos()).isNotNegative());
        assertThat(path.stream().filter(s -> s.spanId().equals(spanId(40))).findFirst().orElseThrow().queueLagNanos()).isZero();
    }

    @Test
    void aMissingParentDoesNotCutThePath() {
        // The renderer's Lambda.Invoke hangs from an INTERNAL span that never arrived.
        List<Span> spans = chain(Map.of(31L, s -> new Span(s.traceId(), s.spanId(), "", spanId(39), 1, s.name(), s.kind(),
                s.startTimeUnixNano(), s.endTimeUnixNano(), s.attributes(), 0, List.of(), 0, List.of(), 0, s.status(),
                s.resource(), s.scope())));

        Journey journey = journeyOf(spans, List.of());

        assertThat(journey.traceIds()).hasSize(5);
        assertThat(journey.criticalPath()).extracting(CriticalPathStep::spanId).containsExactly(spanId(10), spanId(11),
                spanId(20), spanId(21), spanId(30), spanId(31), spanId(40), spanId(41), spanId(50));
    }
}
