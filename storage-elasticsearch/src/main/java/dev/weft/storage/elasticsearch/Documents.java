package dev.weft.storage.elasticsearch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.AbstractMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.LogRecord;
import dev.weft.model.MetricPoint;
import dev.weft.model.Resource;
import dev.weft.model.Span;
import dev.weft.otlp.Decoded;
import dev.weft.otlp.OtlpDecoder;
import dev.weft.otlp.OtlpEncoder;
import dev.weft.storage.elasticsearch.DailyIndices.Signal;
import dev.weft.traceql.TagValue;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents Weft indexes, and the way back from a stored document to the item.
 *
 * <p>Each document has two parts. The indexed fields are what the queries filter, sort and
 * aggregate on (see the mappings in {@code *-mappings.json} and the module README). The item
 * itself is kept losslessly in {@value #OTLP}: its OTLP protobuf encoding, alone under its own
 * resource and scope, as a binary field that is stored but not indexed. Reads decode that, so what
 * comes back is field for field what was written, with no second JSON model of OTLP to keep in step.
 *
 * <p>Document ids are deterministic, so that a retried bulk request or a re-sent batch overwrites
 * instead of duplicating: trace id + span id for a span (re-sending a span replaces it, as the SPI
 * requires), and a hash of the OTLP bytes for log records and metric points, which have no id.
 */
final class Documents {

    static final String OTLP = "otlp";
    static final String TRACE_ID = "traceId";
    static final String SPAN_ID = "spanId";
    static final String PARENT_SPAN_ID = "parentSpanId";
    static final String SERVICE = "service";
    static final String NAME = "name";
    static final String KIND = "kind";
    static final String STATUS_CODE = "statusCode";
    static final String START = "startTimeUnixNano";
    static final String END = "endTimeUnixNano";
    static final String DURATION = "durationNanos";
    static final String TIME = "timeUnixNano";
    static final String SEVERITY_NUMBER = "severityNumber";
    static final String SEVERITY_TEXT = "severityText";
    static final String BODY = "body";
    static final String BODY_TEXT = "bodyText";
    static final String METRIC_TYPE = "type";
    static final String UNIT = "unit";
    static final String ATTRIBUTES = "attributes";
    /** Milliseconds as a {@code date}: only for tools such as Grafana's Elasticsearch datasource; queries use the nanoseconds. */
    static final String TIMESTAMP = "@timestamp";
    static final String STATUS_MESSAGE = "statusMessage";
    static final String RESOURCE_ATTRIBUTES = "resourceAttributes";
    static final String SPAN_KEYS = "spanKeys";
    static final String RESOURCE_KEYS = "resourceKeys";

    /**
     * Longest text indexed as a keyword, in characters: Lucene refuses terms over 32766 bytes, and
     * a character takes up to four. Longer attribute values and log bodies are kept but not
     * matched exactly; a long body is indexed as {@value #BODY_TEXT} instead.
     */
    static final int MAX_KEYWORD = 8191;

    /** The type of a typed key whose value TraceQL does not compare: bytes, arrays, maps, empty. */
    static final String OTHER_TYPE = "other";

    /** Jackson's generator, not the client's JSON-P one: it writes the binary field as base64 in one pass instead of escaping a string character by character. */
    private static final JsonFactory JSON = new JsonFactory();

    private Documents() {
    }

    static List<BulkWriter.Operation> spans(DailyIndices indices, List<Span> spans) {
        OtlpEncoder.Singles otlp = new OtlpEncoder.Singles();
        return spans.stream().map(s -> new BulkWriter.Operation(indices.name(Signal.SPANS, s.startTimeUnixNano()),
                s.traceId() + s.spanId(), json(g -> {
                    g.writeNumberField(TIMESTAMP, s.startTimeUnixNano() / 1_000_000);
                    g.writeStringField(TRACE_ID, s.traceId());
                    g.writeStringField(SPAN_ID, s.spanId());
                    g.writeStringField(PARENT_SPAN_ID, s.parentSpanId());
                    g.writeStringField(SERVICE, s.serviceName());
                    g.writeStringField(NAME, s.name());
                    g.writeStringField(KIND, s.kind().name());
                    g.writeStringField(STATUS_CODE, s.status().code().name());
                    g.writeNumberField(START, s.startTimeUnixNano());
                    g.writeNumberField(END, s.endTimeUnixNano());
                    g.writeNumberField(DURATION, s.durationNanos());
                    g.writeStringField(STATUS_MESSAGE, s.status().message());
                    attributes(g, s.resource(), s.attributes());
                    g.writeObjectFieldStart(RESOURCE_ATTRIBUTES);
                    for (Map.Entry<String, AnyValue> a : s.resource().attributes().asMap().entrySet()) {
                        g.writeStringField(a.getKey(), a.getValue().asText());
                    }
                    g.writeEndObject();
                    typedKeys(g, SPAN_KEYS, s.attributes());
                    typedKeys(g, RESOURCE_KEYS, s.resource().attributes());
                    g.writeBinaryField(OTLP, otlp.span(s).toByteArray());
                }))).toList();
    }

    static List<BulkWriter.Operation> logs(DailyIndices indices, List<LogRecord> logs) {
        OtlpEncoder.Singles encoder = new OtlpEncoder.Singles();
        return logs.stream().map(l -> {
            byte[] otlp = encoder.log(l).toByteArray();
            String body = l.body().asText();
            return new BulkWriter.Operation(indices.name(Signal.LOGS, l.effectiveTimeUnixNano()), contentId(otlp), json(g -> {
                g.writeNumberField(TIMESTAMP, l.effectiveTimeUnixNano() / 1_000_000);
                g.writeNumberField(TIME, l.effectiveTimeUnixNano());
                g.writeStringField(TRACE_ID, l.traceId());
                g.writeStringField(SPAN_ID, l.spanId());
                g.writeStringField(SERVICE, l.serviceName());
                g.writeNumberField(SEVERITY_NUMBER, l.severityNumber());
                g.writeStringField(SEVERITY_TEXT, l.severityText());
                g.writeStringField(BODY, body);
                if (body.length() > MAX_KEYWORD) {
                    g.writeStringField(BODY_TEXT, body);
                }
                attributes(g, l.resource(), l.attributes());
                g.writeBinaryField(OTLP, otlp);
            }));
        }).toList();
    }

    static List<BulkWriter.Operation> metrics(DailyIndices indices, List<MetricPoint> points) {
        OtlpEncoder.Singles encoder = new OtlpEncoder.Singles();
        return points.stream().map(p -> {
            byte[] otlp = encoder.metric(p).toByteArray();
            long time = p.point().timeUnixNano();
            return new BulkWriter.Operation(indices.name(Signal.METRICS, time), contentId(otlp), json(g -> {
                g.writeNumberField(TIME, time);
                g.writeStringField(NAME, p.metric().name());
                g.writeStringField(SERVICE, p.serviceName());
                g.writeStringField(METRIC_TYPE, p.metric().type().name());
                g.writeStringField(UNIT, p.metric().unit());
                attributes(g, p.resource(), p.point().attributes());
                g.writeBinaryField(OTLP, otlp);
            }));
        }).toList();
    }

    static Span span(String otlp) {
        return single(OtlpDecoder.spans(parse(ExportTraceServiceRequest.parser(), otlp)));
    }

    static LogRecord log(String otlp) {
        return single(OtlpDecoder.logs(parse(ExportLogsServiceRequest.parser(), otlp)));
    }

    static MetricPoint metric(String otlp) {
        return single(OtlpDecoder.metrics(parse(ExportMetricsServiceRequest.parser(), otlp)));
    }

    /**
     * The item's attributes over its resource's, as text, which is how queries compare them: one
     * flattened field answers "span or resource attribute" with a single term, and an item
     * attribute hides a resource attribute of the same key as {@link Span#attributeText} does.
     */
    private static void attributes(JsonGenerator g, Resource resource, Attributes own) throws IOException {
        Map<String, String> merged = new LinkedHashMap<>();
        resource.attributes().asMap().forEach((k, v) -> merged.put(k, v.asText()));
        own.asMap().forEach((k, v) -> merged.put(k, v.asText()));
        g.writeObjectFieldStart(ATTRIBUTES);
        for (Map.Entry<String, String> a : merged.entrySet()) {
            g.writeStringField(a.getKey(), a.getValue());
        }
        g.writeEndObject();
    }

    /**
     * The attribute keys as {@code key:type} ({@link #typedKey}), so that one keyword field lists a
     * scope's tag names and tells which TraceQL type each value has, which the text in the
     * flattened fields no longer says.
     */
    private static void typedKeys(JsonGenerator g, String field, Attributes attributes) throws IOException {
        g.writeArrayFieldStart(field);
        for (Map.Entry<String, AnyValue> a : attributes.asMap().entrySet()) {
            String type = TagValue.typeOf(a.getValue());
            g.writeString(typedKey(a.getKey(), type == null ? OTHER_TYPE : type));
        }
        g.writeEndArray();
    }

    /** {@code key:type}, the type being a TraceQL tag type ({@code string}, {@code int}, {@code float}, {@code bool}) or {@code other}. */
    static String typedKey(String key, String type) {
        return key + ":" + type;
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096); // a span's document is about 3 kB
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) { // a ByteArrayOutputStream does not fail
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** 128 bits of SHA-256: collisions are out of reach, and the id stays short for the terms index. */
    private static String contentId(byte[] content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static <M extends AbstractMessage> M parse(Parser<M> parser, String otlp) {
        try {
            // TracesData and ExportTraceServiceRequest (and the logs and metrics pairs) share one wire format.
            return parser.parseFrom(Base64.getDecoder().decode(otlp));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored document holds no valid OTLP item", e);
        }
    }

    private static <T> T single(Decoded<T> decoded) {
        if (decoded.accepted().size() != 1) {
            throw new IllegalStateException("a stored document holds no valid OTLP item: " + decoded.errorMessage());
        }
        return decoded.accepted().getFirst();
    }
}
