package dev.weft.collector.otlp;

import dev.weft.collector.RecordingStorage;
import dev.weft.otlp.IngestLimits;
import dev.weft.collector.ingest.IngestRefusedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.weft.collector.OtlpRequests.gauge;
import static dev.weft.collector.OtlpRequests.log;
import static dev.weft.collector.OtlpRequests.logs;
import static dev.weft.collector.OtlpRequests.point;
import static dev.weft.collector.OtlpRequests.randomId;
import static dev.weft.collector.OtlpRequests.span;
import static dev.weft.collector.OtlpRequests.traces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

class OtlpIngesterTest {

    private final RecordingStorage storage = new RecordingStorage();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OtlpIngester ingester = storage.directIngester(registry);

    @Test
    void acceptedBatchIsStoredInOneWriteWithoutPartialSuccess() {
        String trace = randomId(16);

        ExportTraceServiceResponse response = ingester.traces(traces(span(trace, "a"), span(trace, "b")));

        assertThat(response.hasPartialSuccess()).isFalse();
        assertThat(storage.batches).singleElement().asInstanceOf(LIST)
                .hasSize(2);
        assertThat(registry.get("weft.ingest.items").tags("signal", "traces", "outcome", "accepted").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("weft.storage.writes").tags("signal", "traces", "outcome", "success").timer().count())
                .isEqualTo(1);
    }

    @Test
    void theLimitsApplyAgainstTheTimeOfArrivalAndTruncationsAreCounted() {
        OtlpIngester limited = storage.directIngester(registry, new IngestLimits(100, 1, 100,
                Duration.ofDays(7), Duration.ofHours(1)));
        long now = System.currentTimeMillis() * 1_000_000;
        String trace = randomId(16);

        ExportTraceServiceResponse response = limited.traces(traces(
                span(trace, "now").setStartTimeUnixNano(now).setEndTimeUnixNano(now + 1)
                        .addAttributes(attribute("a")).addAttributes(attribute("b")),
                span(trace, "old"))); // the fixtures' fixed time, long before the 7 days allowed

        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("old");
        assertThat(storage.batches).singleElement().asInstanceOf(LIST).hasSize(1);
        assertThat(registry.get("weft.ingest.truncations").tags("signal", "traces").counter().count()).isEqualTo(1);
    }

    @Test
    void aStorageFailureRefusesTheRequestAsRetryable() {
        OtlpIngester failing = new RecordingStorage(new IllegalStateException("disk full")).directIngester(registry);

        assertThatThrownBy(() -> failing.traces(traces(span(randomId(16), "a"))))
                .isInstanceOfSatisfying(IngestRefusedException.class, e -> {
                    assertThat(e).hasMessageContaining("disk full");
                    assertThat(e.retryAfter()).isPositive();
                });
        assertThat(registry.get("weft.storage.writes").tags("signal", "traces", "outcome", "error").timer().count())
                .isEqualTo(1);
    }

    @Test
    void fullyRejectedBatchReportsPartialSuccessAndWritesNothing() {
        ExportTraceServiceResponse response = ingester.traces(traces(span(randomId(16), "a").setStartTimeUnixNano(0)));

        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("start_time_unix_nano is missing");
        assertThat(storage.batches).isEmpty();
        assertThat(registry.get("weft.ingest.items").tags("signal", "traces", "outcome", "rejected").counter().count())
                .isEqualTo(1);
    }

    @Test
    void logsReportRejectedLogRecords() {
        String trace = randomId(16);

        ExportLogsServiceResponse response =
                ingester.logs(logs(log(trace, "ok"), log(trace, "bad").setSeverityNumberValue(99)));

        assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("severity_number 99");
        assertThat(storage.batches).singleElement().asInstanceOf(LIST)
                .hasSize(1);
    }

    @Test
    void metricsReportRejectedDataPoints() {
        ExportMetricsServiceResponse response =
                ingester.metrics(gauge("queue.depth", point(1), point(2).setTimeUnixNano(0)));

        assertThat(response.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("time_unix_nano is missing");
        assertThat(storage.batches).singleElement().asInstanceOf(LIST)
                .hasSize(1);
    }

    private static KeyValue attribute(String key) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue("v")).build();
    }
}
