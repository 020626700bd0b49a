package dev.weft.collector.http;

import com.google.rpc.Code;
import com.google.rpc.Status;
import dev.weft.collector.RecordingStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static dev.weft.collector.OtlpRequests.randomId;
import static dev.weft.collector.OtlpRequests.span;
import static dev.weft.collector.OtlpRequests.traces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** A request Weft cannot take now is answered the way OTLP/HTTP exporters retry: 503 with Retry-After. */
class RetryLaterTest {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new OtlpHttpController(
            new RecordingStorage(new IllegalStateException("storage unreachable")).directIngester(new SimpleMeterRegistry()),
            1 << 20)).build();

    @ParameterizedTest
    @ValueSource(strings = {"application/x-protobuf", "application/json"})
    void refusedRequestsGet503WithRetryAfterAndAStatusSayingWhy(String type) throws Exception {
        byte[] body = type.endsWith("protobuf") ? traces(span(randomId(16), "a")).toByteArray() : """
                {"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "%s", "spanId": "%s", "name": "a",
                  "startTimeUnixNano": "1767225600000000000", "endTimeUnixNano": "1767225600000000001"}]}]}]}
                """.formatted(randomId(16), randomId(8)).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        MvcResult result = mvc.perform(post("/v1/traces").contentType(type).content(body)).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(503);
        assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("1");
        assertThat(result.getResponse().getContentType()).isEqualTo(type);
        Status.Builder status = Status.newBuilder();
        if (type.endsWith("protobuf")) {
            status.mergeFrom(result.getResponse().getContentAsByteArray());
        } else {
            new OtlpJson().merge(result.getResponse().getContentAsByteArray(), status);
        }
        assertThat(status.getCode()).isEqualTo(Code.UNAVAILABLE.getNumber());
        assertThat(status.getMessage()).contains("storage unreachable");
    }
}
