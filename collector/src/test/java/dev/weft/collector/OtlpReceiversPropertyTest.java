package dev.weft.collector;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Status;
import dev.weft.collector.grpc.OtlpGrpcServer;
import dev.weft.otlp.OtlpDecoder;
import io.grpc.CallOptions;
import io.grpc.Compressor;
import io.grpc.CompressorRegistry;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static dev.weft.collector.OtlpRequests.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A property of both OTLP receivers, checked on generated streams of requests that mix valid
 * exports with malformed ones (random bytes, truncated and bit-flipped bodies, wrong content
 * types and codings, oversized bodies, gzip bombs, OTLP/JSON with fields of the wrong type), over
 * HTTP (protobuf and JSON, plain and gzip) and gRPC (raw bytes, plain and gzip):
 *
 * <ul>
 *   <li>every request is answered within {@link #TIMEOUT}, never with a 5xx, INTERNAL or UNKNOWN;</li>
 *   <li>a request that is malformed by construction gets the 4xx (HTTP) or the INVALID_ARGUMENT,
 *       RESOURCE_EXHAUSTED or UNIMPLEMENTED (gRPC) that says why, and nothing is stored;</li>
 *   <li>a mutated body is judged as a reference parse of the same bytes judges it: refused when
 *       that parse fails, else accepted with every item either stored or reported rejected;</li>
 *   <li>every valid request in the stream is accepted and all its items stored, whatever came
 *       before it on the same connection.</li>
 * </ul>
 *
 * Each repetition is one stream drawn from its own seed; a failure names the seed, and
 * {@code -Dweft.fuzz.seed=<seed>} replays the run. Valid items carry the current time, so the
 * property holds under the collector's ingest limits too.
 */
@SpringBootTest(classes = OtlpReceiversPropertyTest.RecordingCollector.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"weft.collector.grpc-port=0", "weft.collector.max-request-bytes=" + OtlpReceiversPropertyTest.MAX})
class OtlpReceiversPropertyTest {

    static final int MAX = CollectorTest.MAX_REQUEST_BYTES;
    static final int STREAMS = 40;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The run's seed, from {@code -Dweft.fuzz.seed} to replay one, else a fresh one. */
    static final long SEED = Long.getLong("weft.fuzz.seed", new Random().nextLong());

    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";
    /** Content types the receivers do not take; the empty one is sent as no Content-Type at all. */
    static final List<String> WRONG_TYPES = List.of("text/plain", "application/xml", "application/octet-stream",
            "multipart/form-data; boundary=x", "application/jsonx", "");
    static final List<String> WRONG_CODINGS = List.of("br", "deflate", "zstd", "x-gzip", "gzip, br");

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final MethodDescriptor.Marshaller<byte[]> RAW = OtlpRequests.RAW_BYTES;

    /** The collector role as {@link CollectorTestApplication} has it, over storage that records every write. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(CollectorConfiguration.class)
    static class RecordingCollector {

        @Bean
        RecordingStorage storage() {
            return new RecordingStorage();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    OtlpGrpcServer grpc;

    @Autowired
    RecordingStorage storage;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private ManagedChannel channel;
    /** A channel whose "gzip" and "snappy" send the bytes given as they are, so that any bytes can be sent as compressed. */
    private ManagedChannel precompressed;

    @BeforeEach
    void connect() {
        channel = Grpc.newChannelBuilderForAddress("localhost", grpc.port(), InsecureChannelCredentials.create())
                .build();
        CompressorRegistry asGiven = CompressorRegistry.newEmptyInstance();
        asGiven.register(new AsGiven("gzip"));
        asGiven.register(new AsGiven("snappy"));
        precompressed = Grpc.newChannelBuilderForAddress("localhost", grpc.port(), InsecureChannelCredentials.create())
                .compressorRegistry(asGiven).build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        precompressed.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @RepeatedTest(STREAMS)
    void everyRequestIsAnsweredAsItDeservesAndEveryValidOneStored(RepetitionInfo repetition) throws Exception {
        // Mixed, since java.util.Random starts alike from neighbouring seeds.
        long seed = new SplittableRandom(SEED + repetition.getCurrentRepetition()).nextLong();
        Random random = new Random(seed);
        int length = 5 + random.nextInt(11);
        for (int i = 0; i < length; i++) {
            Attempt attempt = attempt(random);
            String context = "seed " + seed + " (replay with -Dweft.fuzz.seed=" + SEED + "), request " + i + ": "
                    + attempt;
            int before = storage.batches.size();
            Answer answer = send(attempt, context);
            List<List<?>> written = List.copyOf(storage.batches.subList(before, storage.batches.size()));
            check(attempt, answer, written, context + " -> " + answer);
        }
    }

    // --- what is sent

    enum Transport { HTTP, GRPC }

    /** What a request deserves, decided before it is sent. */
    sealed interface Expected {

        /** A valid request: accepted without partial success, and exactly these items stored. */
        record Stored(List<?> items) implements Expected {
        }

        /** Refused with this HTTP status or gRPC code, and nothing stored. */
        record Refused(int httpStatus, io.grpc.Status.Code grpcCode) implements Expected {
        }

        /** Bytes that parse as this request: accepted, each item stored or reported rejected. */
        record Parsed(Message request) implements Expected {
        }
    }

    record Attempt(String kind, Signal signal, Transport transport, String contentType, String coding, byte[] body,
                   Expected expected) {

        @Override
        public String toString() {
            return kind + " " + signal + " over " + transport + ", Content-Type " + contentType + ", coding " + coding
                    + ", " + body.length + " bytes " + HexFormat.of().formatHex(body, 0, Math.min(body.length, 48))
                    + (body.length > 48 ? "..." : "") + ", expecting " + expected.getClass().getSimpleName();
        }
    }

    private static final Expected TOO_LARGE = new Expected.Refused(413, io.grpc.Status.Code.RESOURCE_EXHAUSTED);
    private static final Expected MALFORMED = new Expected.Refused(400, io.grpc.Status.Code.INVALID_ARGUMENT);

    private static Attempt attempt(Random random) {
        Signal signal = Signal.values()[random.nextInt(Signal.values().length)];
        Transport transport = random.nextBoolean() ? Transport.HTTP : Transport.GRPC;
        Message valid = signal.valid(random, System.currentTimeMillis() * 1_000_000L);
        byte[] proto = valid.toByteArray();
        boolean gzip = random.nextInt(3) == 0;
        String coding = gzip ? "gzip" : null;
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> {
                boolean json = transport == Transport.HTTP && random.nextBoolean();
                byte[] body = json ? json(valid) : proto;
                yield new Attempt("valid", signal, transport, json ? (random.nextBoolean() ? JSON : JSON + "; charset=utf-8")
                        : PROTOBUF, coding, gzip ? gzip(body) : body, new Expected.Stored(signal.decode(valid)));
            }
            case 4 -> {
                byte[] bytes = new byte[random.nextInt(512)];
                random.nextBytes(bytes);
                // Random bytes claimed to be gzip, or valid gzip of random bytes.
                byte[] body = gzip && random.nextBoolean() ? gzip(bytes) : bytes;
                yield judged("random bytes", signal, transport, coding, body);
            }
            case 5 -> {
                byte[] whole = gzip ? gzip(proto) : proto;
                byte[] body = Arrays.copyOf(whole, random.nextInt(whole.length));
                yield judged("truncated", signal, transport, coding, body);
            }
            case 6 -> judged("bit-flipped", signal, transport, coding,
                    flipBits(random, gzip ? gzip(proto) : proto, 1 + random.nextInt(4)));
            case 7 -> {
                if (transport == Transport.GRPC) {
                    yield new Attempt("unsupported coding", signal, transport, PROTOBUF, "snappy", proto,
                            new Expected.Refused(0, io.grpc.Status.Code.UNIMPLEMENTED));
                }
                yield random.nextBoolean()
                        ? new Attempt("wrong content type", signal, transport, pick(random, WRONG_TYPES), null, proto,
                        new Expected.Refused(415, null))
                        : new Attempt("unsupported coding", signal, transport, PROTOBUF, pick(random, WRONG_CODINGS),
                        proto, new Expected.Refused(415, null));
            }
            case 8 -> {
                if (random.nextBoolean()) {
                    byte[] bytes = new byte[MAX + 1 + random.nextInt(2048)];
                    random.nextBytes(bytes);
                    yield new Attempt("oversized", signal, transport, PROTOBUF, null, bytes, TOO_LARGE);
                }
                byte[] bomb = gzip(signal.padded(random, MAX + random.nextInt(8 * MAX)).toByteArray());
                assertThat(bomb.length).isLessThan(MAX);
                yield new Attempt("gzip bomb", signal, transport, PROTOBUF, "gzip", bomb, TOO_LARGE);
            }
            default -> {
                if (transport == Transport.GRPC) {
                    yield judged("bit-flipped", signal, transport, null, flipBits(random, proto, 1));
                }
                byte[] whole = json(valid);
                byte[] json = random.nextBoolean() ? wrongType(random, whole)
                        : Arrays.copyOf(whole, random.nextInt(whole.length));
                yield new Attempt("malformed JSON", signal, transport, JSON, coding, gzip ? gzip(json) : json,
                        MALFORMED);
            }
        };
    }

    /** What a reference parse of the same bytes says the request deserves. */
    private static Attempt judged(String kind, Signal signal, Transport transport, String coding, byte[] body) {
        // grpc-java sends an empty message uncompressed, whatever the call's compression.
        boolean compressed = coding != null && !(transport == Transport.GRPC && body.length == 0);
        return new Attempt(kind, signal, transport, PROTOBUF, coding, body, reference(signal, compressed, body));
    }

    private static Expected reference(Signal signal, boolean gzip, byte[] body) {
        if (body.length > MAX) {
            return TOO_LARGE;
        }
        byte[] bytes = body;
        if (gzip) {
            try (InputStream inflated = new GZIPInputStream(new ByteArrayInputStream(body))) {
                bytes = inflated.readNBytes(MAX);
                if (inflated.read() != -1) {
                    return TOO_LARGE;
                }
            } catch (IOException e) {
                return MALFORMED;
            }
        }
        try {
            return new Expected.Parsed(signal.parse(bytes));
        } catch (InvalidProtocolBufferException e) {
            return MALFORMED;
        }
    }

    private static byte[] flipBits(Random random, byte[] bytes, int count) {
        byte[] flipped = bytes.clone();
        for (int i = 0; i < count; i++) {
            int bit = random.nextInt(flipped.length * 8);
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return flipped;
    }

    // --- sending

    /** An answer: an HTTP status or a gRPC code, and the body. */
    record Answer(int httpStatus, io.grpc.Status.Code grpcCode, String contentType, byte[] body, String description) {

        boolean accepted() {
            return httpStatus == 200 || grpcCode == io.grpc.Status.Code.OK;
        }

        @Override
        public String toString() {
            return (grpcCode == null ? "HTTP " + httpStatus : "gRPC " + grpcCode) + " " + description;
        }
    }

    private Answer send(Attempt attempt, String context) throws InterruptedException, IOException {
        if (attempt.transport() == Transport.GRPC) {
            CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ManagedChannel via = attempt.coding() == null ? channel : precompressed;
            if (attempt.coding() != null) {
                options = options.withCompression(attempt.coding());
            }
            try {
                byte[] body = ClientCalls.blockingUnaryCall(via, attempt.signal().method, options, attempt.body());
                return new Answer(0, io.grpc.Status.Code.OK, null, body, "");
            } catch (StatusRuntimeException e) {
                return new Answer(0, e.getStatus().getCode(), null, new byte[0], String.valueOf(e.getStatus()));
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + attempt.signal().path))
                .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(attempt.body()));
        if (attempt.contentType() != null && !attempt.contentType().isEmpty()) {
            request.header("Content-Type", attempt.contentType());
        }
        if (attempt.coding() != null) {
            request.header("Content-Encoding", attempt.coding());
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String type = response.headers().firstValue("Content-Type").orElse("");
            return new Answer(response.statusCode(), null, type, response.body(),
                    new String(response.body(), 0, Math.min(response.body().length, 300), StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return fail("no answer within " + TIMEOUT + ": " + context);
        }
    }

    // --- judging

    private static void check(Attempt attempt, Answer answer, List<List<?>> written, String context)
            throws InvalidProtocolBufferException {
        assertThat(answer.httpStatus()).as(context).isLessThan(500);
        assertThat(answer.grpcCode()).as(context).isNotIn(io.grpc.Status.Code.INTERNAL, io.grpc.Status.Code.UNKNOWN,
                io.grpc.Status.Code.DEADLINE_EXCEEDED, io.grpc.Status.Code.UNAVAILABLE);
        switch (attempt.expected()) {
            case Expected.Stored stored -> {
                assertThat(answer.accepted()).as(context).isTrue();
                assertThat(attempt.signal().rejected(response(attempt.signal(), answer))).as(context).isZero();
                assertThat(written).as(context).containsExactly(stored.items());
            }
            case Expected.Refused refused -> {
                if (attempt.transport() == Transport.HTTP) {
                    assertThat(answer.httpStatus()).as(context).isEqualTo(refused.httpStatus());
                    assertThat(status(answer).getMessage()).as(context).isNotBlank();
                } else {
                    assertThat(answer.grpcCode()).as(context).isEqualTo(refused.grpcCode());
                }
                assertThat(written).as(context).isEmpty();
            }
            case Expected.Parsed parsed -> {
                assertThat(answer.accepted()).as(context).isTrue();
                long stored = written.stream().mapToLong(List::size).sum();
                long rejected = attempt.signal().rejected(response(attempt.signal(), answer));
                assertThat(stored + rejected).as(context + ", stored " + stored + " and rejected " + rejected)
                        .isBetween(attempt.signal().minItems(parsed.request()), attempt.signal().maxItems(parsed.request()));
                assertThat(written).as(context).hasSizeLessThanOrEqualTo(1);
            }
        }
    }

    private static Message response(Signal signal, Answer answer) throws InvalidProtocolBufferException {
        Message.Builder builder = signal.responseBuilder();
        if (answer.contentType() != null && answer.contentType().startsWith(JSON)) {
            JsonFormat.parser().merge(new String(answer.body(), StandardCharsets.UTF_8), builder);
        } else {
            builder.mergeFrom(answer.body());
        }
        return builder.build();
    }

    /** The {@code google.rpc.Status} of a refused HTTP request, in the encoding the answer names. */
    private static Status status(Answer answer) throws InvalidProtocolBufferException {
        if (answer.contentType().startsWith(JSON)) {
            Status.Builder status = Status.newBuilder();
            JsonFormat.parser().merge(new String(answer.body(), StandardCharsets.UTF_8), status);
            return status.build();
        }
        return Status.parseFrom(answer.body());
    }

    // --- the three signals

    enum Signal {
        TRACES("/v1/traces", TraceServiceGrpc.getExportMethod()),
        LOGS("/v1/logs", LogsServiceGrpc.getExportMethod()),
        METRICS("/v1/metrics", MetricsServiceGrpc.getExportMethod());

        final String path;
        final MethodDescriptor<byte[], byte[]> method;

        Signal(String path, MethodDescriptor<?, ?> method) {
            this.path = path;
            this.method = method.toBuilder(RAW, RAW).build();
        }

        Message valid(Random random, long now) {
            return switch (this) {
                case TRACES -> traces(random, now);
                case LOGS -> logs(random, now);
                case METRICS -> metrics(random, now);
            };
        }

        /** A valid request of at least {@code size} bytes, nearly all zeros: tiny once gzipped. */
        Message padded(Random random, int size) {
            KeyValue zeros = attribute("zeros", AnyValue.newBuilder().setStringValue("\0".repeat(size)).build());
            long now = System.currentTimeMillis() * 1_000_000L;
            return switch (this) {
                case TRACES -> {
                    var request = traces(random, now).toBuilder();
                    request.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(0).addAttributes(zeros);
                    yield request.build();
                }
                case LOGS -> {
                    var request = logs(random, now).toBuilder();
                    request.getResourceLogsBuilder(0).getScopeLogsBuilder(0).getLogRecordsBuilder(0).addAttributes(zeros);
                    yield request.build();
                }
                case METRICS -> {
                    var request = metrics(random, now).toBuilder();
                    request.getResourceMetricsBuilder(0).getResourceBuilder().addAttributes(zeros);
                    yield request.build();
                }
            };
        }

        Message parse(byte[] bytes) throws InvalidProtocolBufferException {
            return switch (this) {
                case TRACES -> ExportTraceServiceRequest.parseFrom(bytes);
                case LOGS -> ExportLogsServiceRequest.parseFrom(bytes);
                case METRICS -> ExportMetricsServiceRequest.parseFrom(bytes);
            };
        }

        List<?> decode(Message request) {
            return switch (this) {
                case TRACES -> OtlpDecoder.spans((ExportTraceServiceRequest) request).accepted();
                case LOGS -> OtlpDecoder.logs((ExportLogsServiceRequest) request).accepted();
                case METRICS -> OtlpDecoder.metrics((ExportMetricsServiceRequest) request).accepted();
            };
        }

        Message.Builder responseBuilder() {
            return switch (this) {
                case TRACES -> ExportTraceServiceResponse.newBuilder();
                case LOGS -> ExportLogsServiceResponse.newBuilder();
                case METRICS -> ExportMetricsServiceResponse.newBuilder();
            };
        }

        long rejected(Message response) {
            return switch (response) {
                case ExportTraceServiceResponse r -> r.getPartialSuccess().getRejectedSpans();
                case ExportLogsServiceResponse r -> r.getPartialSuccess().getRejectedLogRecords();
                case ExportMetricsServiceResponse r -> r.getPartialSuccess().getRejectedDataPoints();
                default -> throw new IllegalArgumentException(response.getClass().getName());
            };
        }

        /** The fewest items the request holds; each is stored or rejected. */
        long minItems(Message request) {
            return switch (request) {
                case ExportTraceServiceRequest r -> r.getResourceSpansList().stream()
                        .flatMap(rs -> rs.getScopeSpansList().stream()).mapToLong(ScopeSpans::getSpansCount).sum();
                case ExportLogsServiceRequest r -> r.getResourceLogsList().stream()
                        .flatMap(rl -> rl.getScopeLogsList().stream()).mapToLong(ScopeLogs::getLogRecordsCount).sum();
                case ExportMetricsServiceRequest r -> metricsOf(r).stream().mapToLong(OtlpDecoder::pointCount).sum();
                default -> throw new IllegalArgumentException(request.getClass().getName());
            };
        }

        /** The most: an invalid metric without points still counts as one rejected item. */
        long maxItems(Message request) {
            return request instanceof ExportMetricsServiceRequest r
                    ? metricsOf(r).stream().mapToLong(m -> Math.max(1, OtlpDecoder.pointCount(m))).sum() : minItems(request);
        }

        private static List<Metric> metricsOf(ExportMetricsServiceRequest request) {
            return request.getResourceMetricsList().stream().flatMap(rm -> rm.getScopeMetricsList().stream())
                    .flatMap(sm -> sm.getMetricsList().stream()).toList();
        }

    }

    // --- valid requests: one to five items, every attribute value type, times around now

    private static final List<String> TEXTS = List.of("", "GET /cart", "payment declined", "é", "日本語", "\uD83D\uDE00",
            "a\"quote", "back\\slash", "new\nline", "\0", "checkout");

    private static ExportTraceServiceRequest traces(Random random, long now) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(scope(random));
        ByteString trace = id(random, 16);
        for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
            long start = now - random.nextInt(1_000_000_000);
            Span.Builder span = Span.newBuilder().setTraceId(trace).setSpanId(id(random, 8)).setName(pick(random, TEXTS))
                    .setKindValue(random.nextInt(6)).setStartTimeUnixNano(start)
                    .setEndTimeUnixNano(start + random.nextInt(1_000_000_000)).addAllAttributes(attributes(random))
                    .setStatus(io.opentelemetry.proto.trace.v1.Status.newBuilder().setCodeValue(random.nextInt(3))
                            .setMessage(pick(random, TEXTS)));
            if (i > 0) {
                span.setParentSpanId(scope.getSpans(0).getSpanId());
            }
            if (random.nextBoolean()) {
                span.addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(start)
                        .addAllAttributes(attributes(random)));
            }
            if (random.nextInt(4) == 0) {
                span.addLinks(Span.Link.newBuilder().setTraceId(id(random, 16)).setSpanId(id(random, 8))
                        .addAllAttributes(attributes(random)));
            }
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource(random)).addScopeSpans(scope)).build();
    }

    private static ExportLogsServiceRequest logs(Random random, long now) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(scope(random));
        for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
            LogRecord.Builder log = LogRecord.newBuilder().setTimeUnixNano(now - random.nextInt(1_000_000_000))
                    .setObservedTimeUnixNano(now).setSeverityNumberValue(random.nextInt(25))
                    .setBody(value(random, 1)).addAllAttributes(attributes(random));
            if (random.nextBoolean()) {
                log.setTraceId(id(random, 16)).setSpanId(id(random, 8));
            }
            scope.addLogRecords(log);
        }
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().setResource(resource(random)).addScopeLogs(scope)).build();
    }

    private static ExportMetricsServiceRequest metrics(Random random, long now) {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(scope(random));
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            Metric.Builder metric = Metric.newBuilder().setName("fuzz.metric." + i).setUnit("1");
            List<NumberDataPoint> points = new ArrayList<>();
            for (int p = 0, m = 1 + random.nextInt(3); p < m; p++) {
                NumberDataPoint.Builder point = NumberDataPoint.newBuilder().setStartTimeUnixNano(now - 60_000_000_000L)
                        .setTimeUnixNano(now - random.nextInt(1_000_000_000)).addAllAttributes(attributes(random));
                points.add((random.nextBoolean() ? point.setAsInt(random.nextLong()) : point.setAsDouble(random.nextDouble()))
                        .build());
            }
            switch (random.nextInt(3)) {
                case 0 -> metric.setGauge(Gauge.newBuilder().addAllDataPoints(points));
                case 1 -> metric.setSum(Sum.newBuilder().setAggregationTemporalityValue(1 + random.nextInt(2))
                        .setIsMonotonic(random.nextBoolean()).addAllDataPoints(points));
                default -> metric.setHistogram(Histogram.newBuilder().setAggregationTemporalityValue(2)
                        .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(now).setCount(3).setSum(4.5)
                                .addExplicitBounds(1).addExplicitBounds(2).addBucketCounts(1).addBucketCounts(1)
                                .addBucketCounts(1).addAllAttributes(attributes(random))));
            }
            scope.addMetrics(metric);
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource(random)).addScopeMetrics(scope))
                .build();
    }

    private static Resource resource(Random random) {
        return Resource.newBuilder()
                .addAttributes(attribute("service.name", AnyValue.newBuilder().setStringValue("fuzz").build()))
                .addAllAttributes(attributes(random)).build();
    }

    private static InstrumentationScope scope(Random random) {
        return InstrumentationScope.newBuilder().setName("fuzz").setVersion("1.0").addAllAttributes(attributes(random))
                .build();
    }

    private static List<KeyValue> attributes(Random random) {
        List<KeyValue> attributes = new ArrayList<>();
        for (int i = 0, n = random.nextInt(5); i < n; i++) {
            attributes.add(attribute("key." + i, value(random, 2)));
        }
        return attributes;
    }

    private static AnyValue value(Random random, int depth) {
        AnyValue.Builder value = AnyValue.newBuilder();
        switch (random.nextInt(depth > 0 ? 7 : 5)) {
            case 0 -> value.setStringValue(pick(random, TEXTS));
            case 1 -> value.setIntValue(random.nextLong());
            case 2 -> value.setDoubleValue(random.nextGaussian() * 1e6);
            case 3 -> value.setBoolValue(random.nextBoolean());
            case 4 -> value.setBytesValue(id(random, random.nextInt(1, 8)));
            case 5 -> value.setArrayValue(ArrayValue.newBuilder().addValues(value(random, depth - 1))
                    .addValues(value(random, depth - 1)));
            default -> value.setKvlistValue(KeyValueList.newBuilder().addValues(attribute("inner", value(random, depth - 1))));
        }
        return value.build();
    }

    private static KeyValue attribute(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    /** Random bytes that are never all zeros, which the receivers would rightly refuse as an id. */
    private static ByteString id(Random random, int length) {
        byte[] id = new byte[length];
        random.nextBytes(id);
        id[0] |= 1;
        return ByteString.copyFrom(id);
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    // --- encodings

    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
    private static final Map<String, List<String>> WRONG_VALUES = Map.of(
            "repeated", List.of("\"x\"", "7", "{\"a\":1}", "true"),
            "message", List.of("\"x\"", "7", "[1]", "true"),
            "time", List.of("\"soon\"", "true", "{\"n\":1}", "-5"),
            "id", List.of("12", "{\"a\":1}", "\"zz\"", "true"));
    private static final Map<String, String> FIELD_KINDS = Map.ofEntries(
            Map.entry("resourceSpans", "repeated"), Map.entry("scopeSpans", "repeated"), Map.entry("spans", "repeated"),
            Map.entry("resourceLogs", "repeated"), Map.entry("scopeLogs", "repeated"), Map.entry("logRecords", "repeated"),
            Map.entry("resourceMetrics", "repeated"), Map.entry("scopeMetrics", "repeated"),
            Map.entry("metrics", "repeated"), Map.entry("dataPoints", "repeated"), Map.entry("attributes", "repeated"),
            Map.entry("events", "repeated"), Map.entry("resource", "message"), Map.entry("scope", "message"),
            Map.entry("status", "message"), Map.entry("value", "message"), Map.entry("body", "message"),
            // Not "sum": a histogram point has a double of that name, which a one-element array passes for.
            Map.entry("gauge", "message"), Map.entry("histogram", "message"),
            Map.entry("startTimeUnixNano", "time"), Map.entry("endTimeUnixNano", "time"),
            Map.entry("timeUnixNano", "time"), Map.entry("observedTimeUnixNano", "time"),
            Map.entry("traceId", "id"), Map.entry("spanId", "id"));

    /** OTLP/JSON: protobuf's JSON mapping, but with trace and span ids in hex. */
    private static byte[] json(Message message) {
        try {
            JsonNode tree = MAPPER.readTree(JsonFormat.printer().print(message));
            base64IdsToHex(tree);
            return MAPPER.writeValueAsBytes(tree);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void base64IdsToHex(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (ID_FIELDS.contains(field.getKey())) {
                    object.put(field.getKey(), HexFormat.of().formatHex(Base64.getDecoder().decode(field.getValue().stringValue())));
                } else {
                    base64IdsToHex(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(OtlpReceiversPropertyTest::base64IdsToHex);
        }
    }

    /** The JSON with one field, or the whole document, replaced by a value of a type OTLP/JSON cannot take there. */
    private static byte[] wrongType(Random random, byte[] json) {
        JsonNode tree = MAPPER.readTree(json);
        List<Map.Entry<ObjectNode, String>> fields = new ArrayList<>();
        collectFields(tree, fields);
        if (fields.isEmpty() || random.nextInt(10) == 0) {
            return pick(random, List.of("[]", "\"text\"", "42", "null")).getBytes(StandardCharsets.UTF_8);
        }
        Map.Entry<ObjectNode, String> field = pick(random, fields);
        field.getKey().set(field.getValue(),
                MAPPER.readTree(pick(random, WRONG_VALUES.get(FIELD_KINDS.get(field.getValue())))));
        return MAPPER.writeValueAsBytes(tree);
    }

    private static void collectFields(JsonNode node, List<Map.Entry<ObjectNode, String>> into) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (FIELD_KINDS.containsKey(field.getKey())) {
                    into.add(Map.entry(object, field.getKey()));
                }
                collectFields(field.getValue(), into);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collectFields(element, into));
        }
    }


    /** Claims a coding but sends the bytes as given, which the test has already encoded (or broken). */
    private record AsGiven(String getMessageEncoding) implements Compressor {

        @Override
        public OutputStream compress(OutputStream os) {
            return os;
        }
    }
}
