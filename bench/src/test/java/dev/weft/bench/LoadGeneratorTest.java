package dev.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.RetryInfo;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the generator against a small OTLP TraceService on localhost. */
class LoadGeneratorTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Server server;

    /** Accepts every batch but rejects one span of it, and fails every tenth call as a full queue would. */
    private static final class CountingTraceService extends TraceServiceGrpc.TraceServiceImplBase {
        final AtomicLong batches = new AtomicLong();
        final AtomicLong acceptedSpans = new AtomicLong();

        @Override
        public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> response) {
            int spans = request.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                    .mapToInt(ss -> ss.getSpansCount()).sum();
            if (spans > 0 && batches.incrementAndGet() % 10 == 0) {
                response.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(io.grpc.Status.Code.RESOURCE_EXHAUSTED.value()).setMessage("queue full")
                        .addDetails(Any.pack(RetryInfo.newBuilder()
                                .setRetryDelay(Duration.newBuilder().setNanos(20_000_000)).build())).build()));
                return;
            }
            acceptedSpans.addAndGet(Math.max(0, spans - 1));
            response.onNext(ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess
                    .newBuilder().setRejectedSpans(Math.min(1, spans)).setErrorMessage("one span too many")).build());
            response.onCompleted();
        }
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination();
        }
    }

    @Test
    void reportsAcceptedRejectedAndFailedSpansAtTheTargetRate() throws Exception {
        CountingTraceService service = new CountingTraceService();
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(service).build().start();

        int status = LoadGenerator.run(new String[] {"--endpoint=localhost:" + server.getPort(), "--rate=20000",
                "--batch-size=200", "--duration=1500ms", "--warmup=500ms", "--concurrency=2", "--seed=1"}, print(out), print(err));

        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(output + err.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, String> result = result(output);
        long accepted = Long.parseLong(result.get("accepted"));
        long calls = Long.parseLong(result.get("calls"));
        long failed = Long.parseLong(result.get("failed_calls"));
        assertThat(Double.parseDouble(result.get("spans_per_sec"))).isBetween(5_000.0, 22_000.0);
        assertThat(failed).isPositive().isBetween(calls / 10 - 1, calls / 10 + 1);
        assertThat(result.get("failures")).isEqualTo("RESOURCE_EXHAUSTED:" + failed);
        assertThat(Long.parseLong(result.get("rejected"))).isEqualTo(calls - failed);
        assertThat(accepted).isEqualTo((calls - failed) * 199);
        assertThat(service.acceptedSpans.get()).isGreaterThan(accepted); // the server also saw the warm-up
        assertThat(Double.parseDouble(result.get("p99_ms"))).isPositive();
    }

    @Test
    void anUnreachableEndpointFailsTheRun() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int status = LoadGenerator.run(new String[] {"--endpoint=localhost:" + port, "--duration=1s"}, print(out), print(err));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unreachable: UNAVAILABLE");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("RESULT");
    }

    @Test
    void badArgumentsPrintTheUsage() throws Exception {
        assertThat(LoadGenerator.run(new String[] {"--rate=lots"}, print(out), print(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--rate expects a number").contains("Usage:");
        assertThat(LoadGenerator.run(new String[] {"--help"}, print(out), print(err))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage:");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static Map<String, String> result(String output) {
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
        return Arrays.stream(line.substring("RESULT ".length()).split(" "))
                .map(kv -> kv.split("=", 2)).collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }
}
