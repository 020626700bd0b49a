package dev.weft.bench.load;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import dev.weft.bench.cli.Options;
import dev.weft.bench.generate.SpanGenerator;
import dev.weft.bench.stats.Stats;
import dev.weft.bench.stats.Summary;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Sends generated batches to a TraceService. One thread generates, paces and sends; a semaphore
 * caps the calls in flight, so a slow server slows the sender down (a closed loop when the rate
 * is unlimited) instead of piling up requests in memory.
 *
 * <p>A call counts towards the phase in which it started: calls still in flight when measuring
 * begins are left out, those in flight at the end are counted, and in a steady state the two
 * cancel out, so the measured rate is accepted spans over exactly the measured duration.
 * An instance runs once.
 */
public final class LoadRunner {

    /** A call slower than this fails with DEADLINE_EXCEEDED instead of holding a slot for ever. */
    private static final long CALL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Pacing makes up at most this much lag (sending back to back, still capped by the in-flight limit), so a
     * stall of the sender or the server does not lower the rate, while a long outage is not followed by a long burst. */
    private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A failed call keeps its slot this long (or as long as the server's RetryInfo asks, up to the maximum). */
    private static final long DEFAULT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Channel channel;
    private final TraceServiceGrpc.TraceServiceStub stub;
    private final Options options;
    private final Consumer<String> log;
    private final Semaphore slots;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "weft-bench-timer");
        thread.setDaemon(true);
        return thread;
    });

    public LoadRunner(Channel channel, Options options, Consumer<String> log) {
        this.channel = channel;
        this.stub = TraceServiceGrpc.newStub(channel);
        this.options = options;
        this.log = log;
        this.slots = new Semaphore(options.concurrency());
    }

    /** Exports an empty request (valid OTLP, stores nothing) to learn whether the endpoint answers at all. */
    public Status probe() {
        try {
            TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .export(ExportTraceServiceRequest.getDefaultInstance());
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    /** Runs the warm-up and the measured phase and returns the measured figures. */
    public Summary run() throws InterruptedException {
        SpanGenerator generator = new SpanGenerator(options.services(), options.spansPerTrace(),
                options.attributes(), options.seed());
        long start = System.nanoTime();
        long measureFrom = start + options.warmup().toNanos();
        long stop = measureFrom + options.duration().toNanos();
        Stats warmup = new Stats(start);
        Stats measured = new Stats(measureFrom);
        long interval = options.rate() == 0 ? 0 : Math.round(options.batchSize() * 1e9 / options.rate());

        try {
            if (measureFrom > start) {
                timer.schedule(() -> log.accept("warm-up: " + warmup.summarize(System.nanoTime()).line()),
                        measureFrom - start, TimeUnit.NANOSECONDS);
            }
            timer.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                log.accept(String.format("[%4ds] ", Math.round((now - measureFrom) / 1e9)) + measured.summarize(now).line());
            }, measureFrom - start + REPORT_INTERVAL_NANOS, REPORT_INTERVAL_NANOS, TimeUnit.NANOSECONDS);

            long next = start;
            while (true) {
                ExportTraceServiceRequest batch = generator.nextBatch(options.batchSize());
                long now = System.nanoTime();
                if (now >= stop || !slots.tryAcquire(stop - now, TimeUnit.NANOSECONDS)) {
                    break;
                }
                if (interval > 0) {
                    next = Math.max(next, System.nanoTime() - MAX_LAG_NANOS);
                    if (next >= stop) {
                        slots.release();
                        break;
                    }
                    for (long wait; (wait = next - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait);
                    }
                    next += interval;
                }
                long callStart = System.nanoTime();
                send(batch, callStart < measureFrom ? warmup : measured, callStart);
            }
            // Let the calls in flight complete (and back-offs of failed ones run out).
            slots.tryAcquire(options.concurrency(), CALL_TIMEOUT_NANOS + MAX_BACKOFF_NANOS, TimeUnit.NANOSECONDS);
        } finally {
            timer.shutdownNow();
        }
        return measured.summarize(stop);
    }

    private void send(ExportTraceServiceRequest batch, Stats stats, long callStart) {
        int spans = options.batchSize();
        stub.withDeadlineAfter(CALL_TIMEOUT_NANOS, TimeUnit.NANOSECONDS).export(batch, new StreamObserver<>() {
            private ExportTraceServiceResponse response = ExportTraceServiceResponse.getDefaultInstance();

            @Override
            public void onNext(ExportTraceServiceResponse value) {
                response = value;
            }

            @Override
            public void onError(Throwable t) {
                stats.recordFailure(Status.fromThrowable(t).getCode());
                scheduleRelease(backoffNanos(t));
            }

            @Override
            public void onCompleted() {
                stats.recordSuccess(spans, response.getPartialSuccess().getRejectedSpans(), System.nanoTime() - callStart);
                slots.release();
            }
        });
    }

    /** Frees a failed call's slot after the back-off, so failures that return at once do not become a busy loop. */
    private void scheduleRelease(long delayNanos) {
        try {
            timer.schedule(() -> slots.release(), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            slots.release(); // the run is over
        }
    }

    /** The retry delay the server asked for in a google.rpc.RetryInfo status detail, as OTLP exporters honour it. */
    static long backoffNanos(Throwable t) {
        com.google.rpc.Status status = StatusProto.fromThrowable(t);
        for (Any detail : status == null ? List.<Any>of() : status.getDetailsList()) {
            if (detail.is(RetryInfo.class)) {
                try {
                    com.google.protobuf.Duration delay = detail.unpack(RetryInfo.class).getRetryDelay();
                    return Math.min(MAX_BACKOFF_NANOS, TimeUnit.SECONDS.toNanos(delay.getSeconds()) + delay.getNanos());
                } catch (InvalidProtocolBufferException e) {
                    break;
                }
            }
        }
        return DEFAULT_BACKOFF_NANOS;
    }
}
