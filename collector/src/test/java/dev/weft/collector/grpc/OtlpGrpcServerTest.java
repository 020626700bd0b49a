package dev.weft.collector.grpc;

import dev.weft.collector.RecordingStorage;
import dev.weft.collector.otlp.OtlpIngester;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
            new OtlpIngester(new RecordingStorage(new IllegalStateException("disk full"))), 0, 1024 * 1024);

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
    void storageFailureIsInternalWithTheCauseAndTheServerKeepsServing() {
        server.start();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", server.port(),
                InsecureChannelCredentials.create()).build();
        try {
            var stub = TraceServiceGrpc.newBlockingStub(channel);
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> stub.export(traces(span(randomId(16), "a"))))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                            assertThat(e.getStatus().getDescription()).contains("disk full");
                        });
            }
        } finally {
            channel.shutdownNow();
        }
    }
}
