package dev.weft.collector.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.weft.collector.ingest.IngestRefusedException;
import dev.weft.collector.otlp.OtlpIngester;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The OTLP/gRPC receiver: trace, logs and metrics services on one grpc-java (Netty) server. It
 * is a {@link SmartLifecycle} so that it opens its port only once the whole context, storage
 * included, is ready, and on shutdown stops taking exports, and lets the running ones finish,
 * before the storage beans are closed.
 *
 * <p>gzip-compressed requests work through grpc-java's default decompressor registry. The
 * size limit is grpc-java's {@code maxInboundMessageSize}, which it enforces on the inflated
 * message as well, so a gzip bomb fails with RESOURCE_EXHAUSTED.
 */
public final class OtlpGrpcServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OtlpGrpcServer.class);
    private static final long SHUTDOWN_GRACE_SECONDS = 10;

    private final int port;
    private final int maxRequestBytes;
    private final List<ServerServiceDefinition> services;
    private volatile Server server;

    /** @param port 0 to let the OS choose; {@link #port()} tells which it chose */
    public OtlpGrpcServer(OtlpIngester ingester, int port, int maxRequestBytes) {
        this.port = port;
        this.maxRequestBytes = maxRequestBytes;
        this.services = services(ingester);
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .maxInboundMessageSize(maxRequestBytes);
        services.forEach(builder::addService);
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen for OTLP/gRPC on port " + port, e);
        }
        log.info("OTLP/gRPC receiver listening on port {}", server.getPort());
    }

    @Override
    public synchronized void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        server = null;
        running.shutdown();
        try {
            if (!running.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port actually bound: the configured one, or the one the OS picked for port 0. */
    public int port() {
        Server running = server;
        if (running == null) {
            throw new IllegalStateException("The OTLP/gRPC server is not running");
        }
        return running.getPort();
    }

    private static List<ServerServiceDefinition> services(OtlpIngester ingester) {
        return List.of(
                service(TraceServiceGrpc.getExportMethod(), ingester::traces),
                service(LogsServiceGrpc.getExportMethod(), ingester::logs),
                service(MetricsServiceGrpc.getExportMethod(), ingester::metrics));
    }

    /**
     * One OTLP export service. Requests are parsed by a marshaller that never throws: grpc-java
     * answers an exception thrown while parsing with UNKNOWN and logs it as an application
     * error, whereas OTLP wants INVALID_ARGUMENT for bytes that are not a valid request (so the
     * exporter does not retry them) and RESOURCE_EXHAUSTED for a message that inflates past the
     * limit.
     */
    private static <Q, R> ServerServiceDefinition service(MethodDescriptor<Q, R> method, Function<Q, R> ingest) {
        MethodDescriptor<Parsed<Q>, R> lenient =
                method.toBuilder(new LenientMarshaller<>(method.getRequestMarshaller()), method.getResponseMarshaller())
                        .build();
        return ServerServiceDefinition.builder(method.getServiceName())
                .addMethod(lenient,
                        ServerCalls.asyncUnaryCall((request, response) -> respond(request, response, ingest)))
                .build();
    }

    /**
     * Answers RESOURCE_EXHAUSTED with RetryInfo when the request is refused for now (OTLP's
     * retryable throttling answer, which exporters retry after the given delay), and INTERNAL with
     * the cause for anything unexpected; left alone, grpc-java would answer UNKNOWN without saying why.
     */
    private static <Q, R> void respond(Parsed<Q> parsed, StreamObserver<R> observer, Function<Q, R> ingest) {
        if (parsed.failure() != null) {
            observer.onError(parsed.failure().asRuntimeException());
            return;
        }
        R response;
        try {
            response = ingest.apply(parsed.request());
        } catch (IngestRefusedException e) {
            observer.onError(retryLater(e));
            return;
        } catch (RuntimeException e) {
            log.error("OTLP/gRPC export failed", e);
            observer.onError(Status.INTERNAL.withDescription("Export failed: " + e).withCause(e).asRuntimeException());
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    private static StatusRuntimeException retryLater(IngestRefusedException e) {
        long millis = e.retryAfter().toMillis();
        RetryInfo retry = RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                .setSeconds(millis / 1000).setNanos((int) (millis % 1000) * 1_000_000)).build();
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.RESOURCE_EXHAUSTED.getNumber()).setMessage(e.getMessage())
                .addDetails(Any.pack(retry)).build());
    }

    /** A request as parsed, or else the status to answer with because it could not be parsed. */
    private record Parsed<Q>(Q request, Status failure) {
    }

    private record LenientMarshaller<Q>(MethodDescriptor.Marshaller<Q> delegate)
            implements MethodDescriptor.Marshaller<Parsed<Q>> {

        @Override
        public InputStream stream(Parsed<Q> value) {
            return delegate.stream(value.request());
        }

        @Override
        public Parsed<Q> parse(InputStream stream) {
            try {
                return new Parsed<>(delegate.parse(stream), null);
            } catch (StatusRuntimeException e) {
                Status status = e.getCause() instanceof InvalidProtocolBufferException invalid
                        ? Status.INVALID_ARGUMENT.withDescription("Malformed protobuf request: " + invalid.getMessage())
                        : e.getStatus();
                return new Parsed<>(null, status);
            }
        }
    }
}
