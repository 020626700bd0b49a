package dev.weft.collector.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The OTLP/JSON encoding. It is the proto3 JSON mapping with one exception: trace and span ids
 * are hex strings, not base64. So the body is read into a tree, the id fields are rewritten to
 * base64, and only then does protobuf's {@link JsonFormat} parse it, which takes care of the
 * rest (lowerCamelCase or original field names, enums as numbers, 64-bit integers as strings
 * or numbers). The field names are matched wherever they occur: OTLP has no other field of
 * those names, and attribute keys are values, not field names.
 */
final class OtlpJson {

    private static final Set<String> ID_FIELDS =
            Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
    private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();

    /** @throws InvalidProtocolBufferException for anything that is not a valid OTLP/JSON message, with the reason */
    void merge(byte[] json, Message.Builder into) throws InvalidProtocolBufferException {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidProtocolBufferException(e.getMessage());
        }
        if (!tree.isObject()) {
            throw new InvalidProtocolBufferException("Expected a JSON object");
        }
        hexIdsToBase64(tree);
        parser.merge(mapper.writeValueAsString(tree), into);
    }

    byte[] print(MessageOrBuilder message) throws InvalidProtocolBufferException {
        return printer.print(message).getBytes(StandardCharsets.UTF_8);
    }

    private static void hexIdsToBase64(JsonNode node) throws InvalidProtocolBufferException {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (ID_FIELDS.contains(field.getKey()) && !field.getValue().isNull()) {
                    object.put(field.getKey(), base64(field.getKey(), field.getValue()));
                } else {
                    hexIdsToBase64(field.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                hexIdsToBase64(element);
            }
        }
    }

    /** A wrong-length id passes, so that the decoder rejects just its item; only non-hex fails the request. */
    private static String base64(String field, JsonNode id) throws InvalidProtocolBufferException {
        if (!id.isString()) {
            throw new InvalidProtocolBufferException(field + " must be a hex string, got a JSON " + id.getNodeType());
        }
        String hex = id.stringValue();
        if (hex.length() % 2 != 0 || !hex.chars().allMatch(HexFormat::isHexDigit)) {
            throw new InvalidProtocolBufferException(field + " must be a hex string, got '" + abbreviate(hex) + "'");
        }
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
