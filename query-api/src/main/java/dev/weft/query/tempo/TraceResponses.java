package dev.weft.query.tempo;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Resource;
import dev.weft.model.Span;
import dev.weft.otlp.OtlpEncoder;
import io.opentelemetry.proto.trace.v1.TracesData;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A trace as Tempo's trace-by-id endpoints answer it. In protobuf (what Grafana asks for with
 * {@code Accept: application/protobuf}): v1 is Tempo's {@code Trace}, wire-identical to OTLP
 * {@code TracesData}; v2 is {@code TraceByIDResponse}, whose field 1 holds that {@code Trace} (status
 * COMPLETE, the default, is not written). In JSON, protobuf's JSON mapping as Tempo writes it:
 * {@code {"batches": [ResourceSpans...]}} for v1 and {@code {"trace": {"resourceSpans": [...]}}}
 * for v2, ids in base64.
 *
 * <p>Every resource gets a {@code service.name}: Grafana drops the spans of a resource without one.
 */
final class TraceResponses {

    static final MediaType PROTOBUF = MediaType.parseMediaType("application/protobuf");

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private TraceResponses() {
    }

    /** True when the client asked for protobuf rather than JSON. */
    static boolean wantsProtobuf(String accept) {
        return accept != null && (accept.contains("application/protobuf") || accept.contains("application/x-protobuf"));
    }

    static ResponseEntity<byte[]> v1(List<Span> spans, boolean protobuf) {
        TracesData trace = traces(spans);
        return protobuf ? ResponseEntity.ok().contentType(PROTOBUF).body(trace.toByteArray())
                : json("{\"batches\":[" + trace.getResourceSpansList().stream().map(TraceResponses::print)
                .collect(Collectors.joining(",")) + "]}");
    }

    static ResponseEntity<byte[]> v2(List<Span> spans, boolean protobuf) {
        TracesData trace = traces(spans);
        if (!protobuf) {
            return json("{\"trace\":" + print(trace) + "}");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(trace.getSerializedSize() + 8);
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeMessage(1, trace);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.ok().contentType(PROTOBUF).body(bytes.toByteArray());
    }

    private static TracesData traces(List<Span> spans) {
        return OtlpEncoder.traces(spans.stream().map(TraceResponses::withServiceName).toList());
    }

    private static Span withServiceName(Span span) {
        Attributes attributes = span.resource().attributes();
        String name = attributes.getText(Resource.SERVICE_NAME);
        if (name != null && !name.isEmpty()) {
            return span;
        }
        Map<String, AnyValue> named = new LinkedHashMap<>(attributes.asMap());
        named.put(Resource.SERVICE_NAME, AnyValue.of(span.serviceName()));
        Resource resource = new Resource(Attributes.of(named), span.resource().droppedAttributesCount(),
                span.resource().schemaUrl());
        return new Span(span.traceId(), span.spanId(), span.traceState(), span.parentSpanId(), span.flags(), span.name(),
                span.kind(), span.startTimeUnixNano(), span.endTimeUnixNano(), span.attributes(),
                span.droppedAttributesCount(), span.events(), span.droppedEventsCount(), span.links(),
                span.droppedLinksCount(), span.status(), resource, span.scope());
    }

    private static String print(com.google.protobuf.MessageOrBuilder message) {
        try {
            return JSON.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("OTLP messages always print as JSON", e);
        }
    }

    private static ResponseEntity<byte[]> json(String json) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.getBytes(StandardCharsets.UTF_8));
    }
}
