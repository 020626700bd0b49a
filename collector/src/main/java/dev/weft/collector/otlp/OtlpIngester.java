package dev.weft.collector.otlp;

import dev.weft.otlp.Decoded;
import dev.weft.otlp.OtlpDecoder;
import dev.weft.storage.SpanConsumer;
import dev.weft.storage.StorageComponent;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.util.List;
import java.util.function.Consumer;

/**
 * What both OTLP transports do with an export request once it is parsed: validate every item,
 * store the valid ones and answer with OTLP partial success for the rest. Keeping this out of
 * the transports means gRPC and HTTP cannot drift apart in what they accept.
 */
public final class OtlpIngester {

    private final StorageComponent storage;
    private final SpanConsumer spans;

    /** Spans go to the storage's own consumer. */
    public OtlpIngester(StorageComponent storage) {
        this(storage, storage.spanConsumer());
    }

    /** Spans go through {@code spans} instead, which correlation wraps around the storage's consumer. */
    public OtlpIngester(StorageComponent storage, SpanConsumer spans) {
        this.storage = storage;
        this.spans = spans;
    }

    public ExportTraceServiceResponse traces(ExportTraceServiceRequest request) {
        var decoded = store(OtlpDecoder.spans(request), spans::accept);
        var response = ExportTraceServiceResponse.newBuilder();
        if (decoded.rejected() > 0) {
            response.getPartialSuccessBuilder().setRejectedSpans(decoded.rejected())
                    .setErrorMessage(decoded.errorMessage());
        }
        return response.build();
    }

    public ExportLogsServiceResponse logs(ExportLogsServiceRequest request) {
        var logs = store(OtlpDecoder.logs(request), storage.logConsumer()::accept);
        var response = ExportLogsServiceResponse.newBuilder();
        if (logs.rejected() > 0) {
            response.getPartialSuccessBuilder().setRejectedLogRecords(logs.rejected())
                    .setErrorMessage(logs.errorMessage());
        }
        return response.build();
    }

    public ExportMetricsServiceResponse metrics(ExportMetricsServiceRequest request) {
        var points = store(OtlpDecoder.metrics(request), storage.metricConsumer()::accept);
        var response = ExportMetricsServiceResponse.newBuilder();
        if (points.rejected() > 0) {
            response.getPartialSuccessBuilder().setRejectedDataPoints(points.rejected())
                    .setErrorMessage(points.errorMessage());
        }
        return response.build();
    }

    /** Writes the accepted items; an empty write is skipped so a fully rejected batch costs storage nothing. */
    private static <T> Decoded<T> store(Decoded<T> decoded, Consumer<List<T>> consumer) {
        if (!decoded.accepted().isEmpty()) {
            consumer.accept(decoded.accepted());
        }
        return decoded;
    }
}
