package dev.weft.collector.ingest;

import dev.weft.collector.otlp.OtlpDecoding;
import dev.weft.collector.otlp.OtlpIngester;
import dev.weft.collector.wal.WriteAheadLog;
import dev.weft.model.Span;
import dev.weft.otlp.IngestLimits;
import dev.weft.storage.ItemsRejectedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.weft.collector.OtlpRequests.randomId;
import static dev.weft.collector.OtlpRequests.span;
import static dev.weft.collector.OtlpRequests.traces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The write-ahead log between the receivers and storage: outages, a full log, restarts. */
class LoggedIngestTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestMetrics metrics = new IngestMetrics(registry);
    /** Storage that fails while {@code down} holds a message, and otherwise records each span id it was given. */
    private final List<String> stored = new CopyOnWriteArrayList<>();
    private volatile RuntimeException down;
    private final StorageWriter writer = new StorageWriter(this::store, logs -> { }, points -> { }, metrics);
    private final List<LoggedIngest> opened = new ArrayList<>();

    @AfterEach
    void close() {
        down = null;
        opened.forEach(LoggedIngest::close);
    }

    @Test
    void acknowledgedItemsReachStorageInTheBackground() {
        OtlpIngester ingester = ingester(open(1 << 20));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.addAll(send(ingester, 5));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> stored.size() >= sent.size());
        assertThat(stored).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void duringAnOutageTheLogTakesRequestsThenRefusesThemAsRetryableAndCatchesUpAfterwards() {
        down = new IllegalStateException("connection refused");
        LoggedIngest ingest = open(16 * 1024);
        OtlpIngester ingester = ingester(ingest);
        List<String> acknowledged = new ArrayList<>();
        IngestRefusedException refused = null;
        for (int i = 0; i < 1000 && refused == null; i++) {
            try {
                acknowledged.addAll(send(ingester, 3));
            } catch (IngestRefusedException e) {
                refused = e;
            }
        }
        assertThat(refused).isNotNull().hasMessageContaining("write-ahead log is full");
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(300));
        assertThat(acknowledged).isNotEmpty();
        assertThat(stored).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.outage().isPresent());
        assertThat(writer.outage().orElseThrow().lastError()).contains("connection refused");
        assertThat(ingest.refusing()).isTrue();
        assertThat(registry.get("weft.ingest.refused.requests").tags("reason", "log_full").counter().count()).isEqualTo(1);

        down = null;
        await().atMost(Duration.ofSeconds(15)).until(() -> stored.size() >= acknowledged.size());
        assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(ingest.refusing()).isFalse();
        assertThat(writer.outage()).isEmpty();
        assertThat(send(ingester, 1)).hasSize(1); // room again
    }

    @Test
    void whatWasAcknowledgedButNotStoredIsStoredAfterARestart() {
        down = new IllegalStateException("unreachable");
        LoggedIngest first = open(1 << 20);
        List<String> acknowledged = new ArrayList<>();
        OtlpIngester ingester = ingester(first);
        for (int i = 0; i < 10; i++) {
            acknowledged.addAll(send(ingester, 4));
        }
        opened.remove(first);
        first.close(); // storage still down: the grace runs out, the log keeps it all

        down = null;
        open(1 << 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> stored.size() >= acknowledged.size());
        assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
    }

    @Test
    void itemsStorageRefusesForGoodAreCountedAndDoNotBlockTheLog() {
        down = new ItemsRejectedException("mapping conflict", 2, null);
        OtlpIngester ingester = ingester(open(1 << 20));
        send(ingester, 2);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                registry.find("weft.ingest.dropped.items").tags("reason", "storage_rejected").counter() != null);
        assertThat(registry.get("weft.ingest.dropped.items").counter().count()).isEqualTo(2);

        down = null;
        List<String> later = send(ingester, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.containsAll(later));
    }

    private void store(List<Span> spans) {
        RuntimeException failure = down;
        if (failure != null) {
            throw failure;
        }
        spans.forEach(s -> stored.add(s.spanId()));
    }

    private LoggedIngest open(long maxBytes) {
        WriteAheadLog log = new WriteAheadLog(dir, maxBytes / 2, maxBytes, WriteAheadLog.Fsync.REQUEST, Duration.ofMillis(10));
        LoggedIngest ingest = new LoggedIngest(log, writer, new OtlpDecoding(IngestLimits.unlimited())::replay, metrics,
                new LoggedIngest.Settings(2, 100, Duration.ofMillis(300), Duration.ofMillis(500)));
        opened.add(ingest);
        return ingest;
    }

    private OtlpIngester ingester(LoggedIngest ingest) {
        return new OtlpIngester(ingest, new OtlpDecoding(IngestLimits.unlimited()), metrics);
    }

    /** Exports {@code n} spans of a new trace; returns their ids once acknowledged. */
    private static List<String> send(OtlpIngester ingester, int n) {
        String trace = randomId(16);
        List<io.opentelemetry.proto.trace.v1.Span.Builder> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            spans.add(span(trace, "op-" + i));
        }
        ExportTraceServiceRequest request = traces(spans.toArray(io.opentelemetry.proto.trace.v1.Span.Builder[]::new));
        ingester.traces(request);
        return request.getResourceSpans(0).getScopeSpans(0).getSpansList().stream()
                .map(s -> java.util.HexFormat.of().formatHex(s.getSpanId().toByteArray())).toList();
    }
}
