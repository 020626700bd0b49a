package dev.weft.collector.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import dev.weft.collector.ingest.IngestRefusedException;
import dev.weft.collector.otlp.OtlpIngester;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The OTLP/HTTP receiver: {@code POST /v1/traces}, {@code /v1/logs} and {@code /v1/metrics} in
 * binary protobuf or OTLP/JSON, optionally gzip-compressed. The body is read and parsed here
 * rather than by Spring's message converters so that the size limit covers the inflated body,
 * and so that every bad request gets the answer the OTLP spec asks for: 400 with a
 * {@code google.rpc.Status} saying why, in the encoding of the request (JSON when that is
 * unknown), and never a 500; 503 with {@code Retry-After} when the request cannot be taken now.
 * Responses, partial success included, are 200 in the request's encoding.
 */
@RestController
public class OtlpHttpController {

    private final OtlpIngester ingester;
    private final BoundedBodyReader bodies;
    private final OtlpJson json = new OtlpJson();

    public OtlpHttpController(OtlpIngester ingester, int maxRequestBytes) {
        this.ingester = ingester;
        this.bodies = new BoundedBodyReader(maxRequestBytes);
    }

    @PostMapping("/v1/traces")
    public ResponseEntity<byte[]> traces(@RequestHeader HttpHeaders headers, InputStream body) throws IOException {
        return export(headers, body, ExportTraceServiceRequest.newBuilder(),
                request -> ingester.traces(request.build()));
    }

    @PostMapping("/v1/logs")
    public ResponseEntity<byte[]> logs(@RequestHeader HttpHeaders headers, InputStream body) throws IOException {
        return export(headers, body, ExportLogsServiceRequest.newBuilder(),
                request -> ingester.logs(request.build()));
    }

    @PostMapping("/v1/metrics")
    public ResponseEntity<byte[]> metrics(@RequestHeader HttpHeaders headers, InputStream body) throws IOException {
        return export(headers, body, ExportMetricsServiceRequest.newBuilder(),
                request -> ingester.metrics(request.build()));
    }

    /** @throws IOException only when reading from the client fails; bad input is answered, not thrown */
    private <B extends Message.Builder> ResponseEntity<byte[]> export(HttpHeaders headers, InputStream body,
                                                                     B request, Function<B, Message> ingest)
            throws IOException {
        String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
        MediaType type = supportedType(contentType);
        if (type == null) {
            return error(MediaType.APPLICATION_JSON, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be "
                    + MediaType.APPLICATION_PROTOBUF + " or " + MediaType.APPLICATION_JSON + ", got " + contentType);
        }
        try {
            parse(type, bodies.read(body, headers), request);
            return respond(type, HttpStatus.OK, ingest.apply(request));
        } catch (ResponseStatusException e) {
            return error(type, e.getStatusCode(), e.getReason());
        } catch (IngestRefusedException e) {
            // OTLP/HTTP's retryable answer: exporters send the request again after Retry-After.
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                    .contentType(type).body(encode(type, com.google.rpc.Status.newBuilder()
                            .setCode(Code.UNAVAILABLE.getNumber()).setMessage(e.getMessage()).build()));
        }
    }

    private void parse(MediaType type, byte[] body, Message.Builder into) {
        boolean isJson = type.equals(MediaType.APPLICATION_JSON);
        try {
            if (isJson) {
                json.merge(body, into);
            } else {
                into.mergeFrom(body);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Malformed " + (isJson ? "OTLP/JSON" : "protobuf") + " body: " + e.getMessage());
        }
    }

    private static MediaType supportedType(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip();
        return Stream.of(MediaType.APPLICATION_PROTOBUF, MediaType.APPLICATION_JSON)
                .filter(supported -> supported.toString().equalsIgnoreCase(type))
                .findFirst().orElse(null);
    }

    private ResponseEntity<byte[]> error(MediaType type, HttpStatusCode status, String message)
            throws InvalidProtocolBufferException {
        Code code = status.isSameCodeAs(HttpStatus.CONTENT_TOO_LARGE) ? Code.RESOURCE_EXHAUSTED : Code.INVALID_ARGUMENT;
        return respond(type, status,
                com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message).build());
    }

    private ResponseEntity<byte[]> respond(MediaType type, HttpStatusCode status, Message message)
            throws InvalidProtocolBufferException {
        return ResponseEntity.status(status).contentType(type).body(encode(type, message));
    }

    private byte[] encode(MediaType type, Message message) throws InvalidProtocolBufferException {
        return type.equals(MediaType.APPLICATION_JSON) ? json.print(message) : message.toByteArray();
    }
}
