package dev.weft.collector.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.weft.collector.ingest.Signal;
import dev.weft.model.LogRecord;
import dev.weft.model.MetricPoint;
import dev.weft.model.Span;
import dev.weft.otlp.Decoded;
import dev.weft.otlp.IngestLimits;
import dev.weft.otlp.OtlpDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.util.List;

/**
 * How the collector decodes export requests, under its {@link IngestLimits}, the same on arrival
 * and when the write-ahead log is replayed: a replayed request is judged against the time it was
 * first received, so it yields the very items that were acknowledged.
 */
public final class OtlpDecoding {

    private final IngestLimits limits;

    public OtlpDecoding(IngestLimits limits) {
        this.limits = limits;
    }

    public Decoded<Span> spans(ExportTraceServiceRequest request, long receivedAtNanos) {
        return OtlpDecoder.spans(request, limits, receivedAtNanos);
    }

    public Decoded<LogRecord> logs(ExportLogsServiceRequest request, long receivedAtNanos) {
        return OtlpDecoder.logs(request, limits, receivedAtNanos);
    }

    public Decoded<MetricPoint> metrics(ExportMetricsServiceRequest request, long receivedAtNanos) {
        return OtlpDecoder.metrics(request, limits, receivedAtNanos);
    }

    /** The valid items of a logged request. */
    public List<?> replay(Signal signal, byte[] request, long receivedAtNanos) {
        try {
            return switch (signal) {
                case TRACES -> spans(ExportTraceServiceRequest.parseFrom(request), receivedAtNanos).accepted();
                case LOGS -> logs(ExportLogsServiceRequest.parseFrom(request), receivedAtNanos).accepted();
                case METRICS -> metrics(ExportMetricsServiceRequest.parseFrom(request), receivedAtNanos).accepted();
            };
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("a logged " + signal.tag() + " request is not valid OTLP", e);
        }
    }
}
