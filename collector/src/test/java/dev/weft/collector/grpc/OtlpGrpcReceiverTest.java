package dev.weft.collector.grpc;

import dev.weft.collector.OtlpRequests;
import dev.weft.collector.CollectorTest;
import dev.weft.model.LogRecord;
import dev.weft.model.MetricPoint;
import dev.weft.model.PointData;
import dev.weft.model.Span;
import dev.weft.storage.LogQuery;
import dev.weft.storage.MetricQuery;
import dev.weft.storage.memory.InMemoryStorage;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;


import static dev.weft.collector.CollectorTest.MAX_REQUEST_BYTES;
import static dev.weft.collector.OtlpRequests.gauge;
import static dev.weft.collector.OtlpRequests.id;
import static dev.weft.collector.OtlpRequests.log;
import static dev.weft.collector.OtlpRequests.logs;
import static dev.weft.collector.OtlpRequests.point;
import static dev.weft.collector.OtlpRequests.randomId;
import static dev.weft.collector.OtlpRequests.span;
import static dev.weft.collector.OtlpRequests.traces;
import static dev.weft.collector.OtlpRequests.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

@CollectorTest
class OtlpGrpcReceiverTest {

    @Autowired
    OtlpGrpcServer server;

    @Autowired
    InMemoryStorage storage;

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = Grpc.newChannelBuilderForAddress("localhost", server.port(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    @Test
    void validSpansAreStored() {
        String trace = randomId(16);

        ExportTraceServiceResponse response = TraceServiceGrpc.newBlockingStub(channel)
                .export(traces(span(trace, "GET /cart"), span(trace, "SELECT cart")));

        assertThat(response.hasPartialSuccess()).isFalse();
        assertThat(storage.spanStore().getTrace(trace)).extracting(Span::name, Span::serviceName)
                .containsExactlyInAnyOrder(tuple("GET /cart", "checkout"),
                        tuple("SELECT cart", "checkout"));
    }

    @Test
    void invalidSpansAreRejectedWithReasonsAndTheValidOnesStored() {
        String trace = randomId(16);
        String shortTrace = randomId(15);

        ExportTraceServiceResponse response = TraceServiceGrpc.newBlockingStub(channel).export(traces(
                span(trace, "valid"),
                span(shortTrace, "short trace id"),
                span(trace, "zero span id").setSpanId(id("0000000000000000")),
                span(trace, "ends early").setEndTimeUnixNano(1)));

        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(3);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains(
                "3 spans rejected", "trace_id must be 16 bytes, got 15", "span_id is all zeros",
                "end_time_unix_nano is before start_time_unix_nano");
        assertThat(storage.spanStore().getTrace(trace)).extracting(Span::name).containsExactly("valid");
    }

    @Test
    void logsAreStoredAndInvalidOnesRejected() {
        String trace = randomId(16);

        ExportLogsServiceResponse response = LogsServiceGrpc.newBlockingStub(channel).export(logs(
                log(trace, "payment declined"), log(trace, "no time").setTimeUnixNano(0)));

        assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage())
                .contains("neither time_unix_nano nor observed_time_unix_nano is set");
        assertThat(storage.logStore().findLogs(LogQuery.all(10).withTrace(trace, null)))
                .extracting(l -> l.body().asText(), LogRecord::severityNumber)
                .containsExactly(tuple("payment declined", 9));
    }

    @Test
    void metricPointsAreStoredAndInvalidOnesRejected() {
        String metric = "queue.depth." + randomId(4);

        ExportMetricsServiceResponse response = MetricsServiceGrpc.newBlockingStub(channel)
                .export(gauge(metric, point(42), point(43).clearAsInt()));

        assertThat(response.getPartialSuccess().getRejectedDataPoints()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("number data point has no value");
        assertThat(storage.metricStore().findMetrics(new MetricQuery(metric, null, null, 10)))
                .extracting(MetricPoint::point)
                .singleElement().isInstanceOfSatisfying(PointData.NumberPoint.class,
                        p -> assertThat(p.value()).isEqualTo(42L));
    }

    @Test
    void gzipCompressedRequestsAreAccepted() {
        String trace = randomId(16);

        TraceServiceGrpc.newBlockingStub(channel).withCompression("gzip").export(traces(span(trace, "compressed")));

        assertThat(storage.spanStore().getTrace(trace)).extracting(Span::name).containsExactly("compressed");
    }

    @Test
    void malformedProtobufIsInvalidArgument() {
        // Field 1 (resource_spans) announces 5 bytes and ends after 1.
        byte[] truncated = {0x0a, 0x05, 0x01};

        assertThatThrownBy(() -> rawExport(truncated)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThat(TraceServiceGrpc.newBlockingStub(channel).export(traces(span(randomId(16), "still serving")))
                .hasPartialSuccess()).isFalse();
    }

    @Test
    void oversizedRequestIsResourceExhausted() {
        String trace = randomId(16);

        assertThatThrownBy(() -> TraceServiceGrpc.newBlockingStub(channel).export(zeros(trace, MAX_REQUEST_BYTES + 1)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(storage.spanStore().getTrace(trace)).isEmpty();
    }

    @Test
    void gzipBombIsResourceExhausted() {
        String trace = randomId(16);

        assertThatThrownBy(() -> TraceServiceGrpc.newBlockingStub(channel).withCompression("gzip")
                .export(zeros(trace, 16 * MAX_REQUEST_BYTES)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(storage.spanStore().getTrace(trace)).isEmpty();
    }

    private byte[] rawExport(byte[] request) {
        var method = TraceServiceGrpc.getExportMethod().toBuilder(OtlpRequests.RAW_BYTES, OtlpRequests.RAW_BYTES).build();
        return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, request);
    }
}
