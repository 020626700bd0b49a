package dev.weft.collector.grpc;

import dev.weft.collector.RecordingStorage;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.weft.collector.OtlpRequests.randomId;
import static dev.weft.collector.OtlpRequests.span;
import static dev.weft.collector.OtlpRequests.traces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server's lifecycle and its failure handling, without Spring. */
class OtlpGrpcServerTest {

    private final OtlpGrpcServer server = new OtlpGrpcServer(
            new RecordingStorage(new IllegalStateException("disk full")).directIngester(new SimpleMeterRegistry()),
            0, 1024 * 1024);

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void reportsTheBoundPortOnlyWhileRunning() {
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);

        server.start();
        assertThat(server.isRunning()).isTrue();
        assertThat(server.port()).isPositive();

        server.stop();
        assertThat(server.isRunning()).isFalse();
        server.stop(); // a second stop is harmless
    }

    @Test
    void storageFailureIsRetryableWithTheCauseAndTheServerKeepsServing() {
        server.start();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", server.port(),
                InsecureChannelCredentials.create()).build();
        try {
            var stub = TraceServiceGrpc.newBlockingStub(channel);
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> stub.export(traces(span(randomId(16), "a"))))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                            assertThat(e.getStatus().getDescription()).contains("disk full");
                            assertThat(retryDelay(e)).isEqualTo(com.google.protobuf.Duration.newBuilder().setSeconds(1).build());
                        });
            }
        } finally {
            channel.shutdownNow();
        }
    }

    /** The delay of the RetryInfo in the status details, as OTLP exporters read it. */
    static com.google.protobuf.Duration retryDelay(StatusRuntimeException e) {
        try {
            return StatusProto.fromThrowable(e).getDetails(0).unpack(RetryInfo.class).getRetryDelay();
        } catch (InvalidProtocolBufferException invalid) {
            throw new AssertionError(invalid);
        }
    }
}
