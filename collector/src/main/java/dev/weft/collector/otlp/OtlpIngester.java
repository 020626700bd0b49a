package dev.weft.collector.otlp;

import dev.weft.collector.ingest.Ingest;
import dev.weft.collector.ingest.IngestMetrics;
import dev.weft.collector.ingest.Signal;
import dev.weft.otlp.Decoded;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * What both OTLP transports do with an export request once it is parsed: validate every item,
 * hand the valid ones to {@link Ingest} and answer with OTLP partial success for the rest. Keeping
 * this out of the transports means gRPC and HTTP cannot drift apart in what they accept.
 */
public final class OtlpIngester {

    private final Ingest ingest;
    private final OtlpDecoding decoding;
    private final IngestMetrics metrics;

    public OtlpIngester(Ingest ingest, OtlpDecoding decoding, IngestMetrics metrics) {
        this.ingest = ingest;
        this.decoding = decoding;
        this.metrics = metrics;
    }

    /** @throws dev.weft.collector.ingest.IngestRefusedException when the request should be sent again later */
    public ExportTraceServiceResponse traces(ExportTraceServiceRequest request) {
        ingest.requireRoom(Signal.TRACES, request.getSerializedSize());
        var decoded = take(Signal.TRACES, decoding.spans(request, System.currentTimeMillis() * 1_000_000), request);
        var response = ExportTraceServiceResponse.newBuilder();
        if (decoded.rejected() > 0) {
            response.getPartialSuccessBuilder().setRejectedSpans(decoded.rejected())
                    .setErrorMessage(decoded.errorMessage());
        }
        return response.build();
    }

    /** @throws dev.weft.collector.ingest.IngestRefusedException when the request should be sent again later */
    public ExportLogsServiceResponse logs(ExportLogsServiceRequest request) {
        ingest.requireRoom(Signal.LOGS, request.getSerializedSize());
        var decoded = take(Signal.LOGS, decoding.logs(request, System.currentTimeMillis() * 1_000_000), request);
        var response = ExportLogsServiceResponse.newBuilder();
        if (decoded.rejected() > 0) {
            response.getPartialSuccessBuilder().setRejectedLogRecords(decoded.rejected())
                    .setErrorMessage(decoded.errorMessage());
        }
        return response.build();
    }

    /** @throws dev.weft.collector.ingest.IngestRefusedException when the request should be sent again later */
    public ExportMetricsServiceResponse metrics(ExportMetricsServiceRequest request) {
        ingest.requireRoom(Signal.METRICS, request.getSerializedSize());
        var decoded = take(Signal.METRICS, decoding.metrics(request, System.currentTimeMillis() * 1_000_000), request);
        var response = ExportMetricsServiceResponse.newBuilder();
        if (decoded.rejected() > 0) {
            response.getPartialSuccessBuilder().setRejectedDataPoints(decoded.rejected())
                    .setErrorMessage(decoded.errorMessage());
        }
        return response.build();
    }

    /** Hands on the accepted items; a fully rejected request costs storage nothing. */
    private <T> Decoded<T> take(Signal signal, Decoded<T> decoded, com.google.protobuf.Message request) {
        if (!decoded.accepted().isEmpty()) {
            ingest.take(signal, request::toByteArray, decoded.accepted());
        }
        metrics.decoded(signal, decoded.accepted().size(), decoded.rejected(), decoded.truncations());
        return decoded;
    }
}
