package dev.weft.query.zipkin;

import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Span;
import dev.weft.model.SpanEvent;
import dev.weft.model.SpanKind;
import dev.weft.model.Status;
import dev.weft.model.StatusCode;
import dev.weft.testing.TestTelemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of the Zipkin mapping the fixtures do not reach: remote endpoints, annotation text, the error tag. */
class ZipkinSpanTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            peer.service=billing,server.address=billing.internal,net.peer.name=old  | billing
            server.address=billing.internal,net.peer.name=old                       | billing.internal
            net.peer.name=old                                                       | old
            peer.service=,server.address=billing.internal                           | billing.internal
            http.method=GET                                                         |
            """)
    void remoteEndpointNamesTheOtherSide(String attributes, String remoteService) {
        Map<String, AnyValue> values = new LinkedHashMap<>();
        for (String pair : attributes.split(",")) {
            String[] keyValue = pair.split("=", -1);
            values.put(keyValue[0], AnyValue.of(keyValue[1]));
        }
        ZipkinSpan span = ZipkinSpan.of(span(SpanKind.CLIENT, Attributes.of(values), List.of(), Status.UNSET));
        assertThat(span.remoteEndpoint()).isEqualTo(remoteService == null ? null : new ZipkinSpan.Endpoint(remoteService));
    }

    @Test
    void eventsAreAnnotationsWithTheirAttributesAsJson() {
        ZipkinSpan span = ZipkinSpan.of(span(SpanKind.INTERNAL, Attributes.empty(), List.of(
                new SpanEvent(TestTelemetry.T0 + 1_500, "say \"hi\"", Attributes.empty(), 0),
                new SpanEvent(TestTelemetry.T0 + 2_000, "exception", Attributes.of(Map.of(
                        "exception.type", AnyValue.of("IOException"))), 0)), Status.UNSET));
        assertThat(span.annotations()).containsExactly(
                new ZipkinSpan.Annotation(TestTelemetry.T0 / 1_000 + 1, "\"say \\\"hi\\\"\":{}"),
                new ZipkinSpan.Annotation(TestTelemetry.T0 / 1_000 + 2, "\"exception\":{\"exception.type\":\"IOException\"}"));
        assertThat(span.kind()).isNull();
    }

    @Test
    void anErrorWithoutMessageStillHasTheErrorTagButAnAttributeNamedErrorWins() {
        assertThat(ZipkinSpan.of(span(SpanKind.SERVER, Attributes.empty(), List.of(), new Status(StatusCode.ERROR, "")))
                .tags()).containsEntry("error", "").containsEntry("otel.status_code", "ERROR");
        assertThat(ZipkinSpan.of(span(SpanKind.SERVER, Attributes.of("error", AnyValue.of("timeout")), List.of(),
                new Status(StatusCode.ERROR, "boom"))).tags()).containsEntry("error", "timeout");
    }

    private static Span span(SpanKind kind, Attributes attributes, List<SpanEvent> events, Status status) {
        return new Span(TestTelemetry.traceId(1), TestTelemetry.spanId(1), "", "", 1, "op", kind, TestTelemetry.T0,
                TestTelemetry.T0 + 5_000, attributes, 0, events, 0, List.of(), 0, status, TestTelemetry.resource("svc"), null);
    }
}
