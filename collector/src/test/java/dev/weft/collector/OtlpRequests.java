package dev.weft.collector;

import com.google.protobuf.ByteString;
import io.grpc.MethodDescriptor;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

/** OTLP export requests for tests, valid unless a test breaks them on purpose. */
public final class OtlpRequests {

    public static final long START = 1_700_000_000_000_000_000L;

    private static final Resource RESOURCE = Resource.newBuilder()
            .addAttributes(KeyValue.newBuilder().setKey("service.name")
                    .setValue(AnyValue.newBuilder().setStringValue("checkout")))
            .build();

    private OtlpRequests() {
    }

    /** A fresh random id as lower-case hex, so tests sharing one storage never see each other's items. */
    public static String randomId(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1; // never all zeros
        return HexFormat.of().formatHex(id);
    }

    public static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    public static Span.Builder span(String traceId, String name) {
        return Span.newBuilder().setTraceId(id(traceId)).setSpanId(id(randomId(8))).setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(START).setEndTimeUnixNano(START + 1_000_000);
    }

    public static ExportTraceServiceRequest traces(Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (Span.Builder span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(RESOURCE).addScopeSpans(scope)).build();
    }

    public static LogRecord.Builder log(String traceId, String body) {
        return LogRecord.newBuilder().setTraceId(id(traceId)).setSpanId(id(randomId(8))).setTimeUnixNano(START)
                .setSeverityNumberValue(9).setBody(AnyValue.newBuilder().setStringValue(body));
    }

    public static ExportLogsServiceRequest logs(LogRecord.Builder... logs) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (LogRecord.Builder log : logs) {
            scope.addLogRecords(log);
        }
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().setResource(RESOURCE).addScopeLogs(scope)).build();
    }

    public static NumberDataPoint.Builder point(long value) {
        return NumberDataPoint.newBuilder().setStartTimeUnixNano(START).setTimeUnixNano(START + 1).setAsInt(value);
    }

    public static ExportMetricsServiceRequest gauge(String name, NumberDataPoint.Builder... points) {
        Gauge.Builder gauge = Gauge.newBuilder();
        for (NumberDataPoint.Builder point : points) {
            gauge.addDataPoints(point);
        }
        Metric metric = Metric.newBuilder().setName(name).setGauge(gauge).build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(RESOURCE).addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric))).build();
    }

    /** A valid span with an attribute of {@code size} zero bytes: bigger than {@code size}, tiny once gzipped. */
    public static ExportTraceServiceRequest zeros(String traceId, int size) {
        return traces(span(traceId, "big").addAttributes(KeyValue.newBuilder().setKey("zeros")
                .setValue(AnyValue.newBuilder().setStringValue("\0".repeat(size)))));
    }

    /** Sends and receives bytes as they are, so that a test can put anything on the wire of a gRPC method. */
    public static final MethodDescriptor.Marshaller<byte[]> RAW_BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
