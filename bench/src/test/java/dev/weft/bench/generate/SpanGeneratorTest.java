package dev.weft.bench.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpanGeneratorTest {

    private static final ByteString ZERO_TRACE_ID = ByteString.copyFrom(new byte[16]);
    private static final ByteString ZERO_SPAN_ID = ByteString.copyFrom(new byte[8]);

    @ParameterizedTest
    @CsvSource({"1, 1", "7, 7", "512, 8", "100, 7", "5, 1", "3, 64"})
    void batchHasTheRequestedSpanCount(int count, int spansPerTrace) {
        SpanGenerator generator = new SpanGenerator(3, spansPerTrace, 2, 1);
        assertThat(spans(generator.nextBatch(count))).hasSize(count);
        assertThat(spans(generator.nextBatch(count))).hasSize(count);
    }

    @Test
    void idsHaveOtlpLengthsAreNeverZeroAndDoNotRepeat() {
        List<Span> spans = spans(new SpanGenerator(5, 8, 0, 2).nextBatch(4000));
        assertThat(spans).allSatisfy(span -> {
            assertThat(span.getTraceId().size()).isEqualTo(16);
            assertThat(span.getSpanId().size()).isEqualTo(8);
            assertThat(span.getTraceId()).isNotEqualTo(ZERO_TRACE_ID);
            assertThat(span.getSpanId()).isNotEqualTo(ZERO_SPAN_ID);
            assertThat(span.getParentSpanId().size()).isIn(0, 8);
        });
        assertThat(spans.stream().map(Span::getSpanId).distinct()).hasSize(4000);
        assertThat(spans.stream().map(Span::getTraceId).distinct()).hasSize(500);
    }

    @Test
    void eachTraceHasOneServerRootAndParentsInTheSameTraceThatEncloseTheirChildren() {
        Map<ByteString, List<Span>> traces = spans(new SpanGenerator(4, 9, 1, 3).nextBatch(2000)).stream()
                .collect(Collectors.groupingBy(Span::getTraceId));
        long now = System.currentTimeMillis() * 1_000_000L;
        traces.values().forEach(trace -> {
            Map<ByteString, Span> byId = trace.stream().collect(Collectors.toMap(Span::getSpanId, Function.identity()));
            List<Span> roots = trace.stream().filter(s -> s.getParentSpanId().isEmpty()).toList();
            assertThat(roots).singleElement().extracting(Span::getKind).isEqualTo(SpanKind.SPAN_KIND_SERVER);
            trace.stream().filter(s -> !s.getParentSpanId().isEmpty()).forEach(child -> {
                Span parent = byId.get(child.getParentSpanId());
                assertThat(parent).as("parent of %s", child.getName()).isNotNull();
                assertThat(child.getStartTimeUnixNano()).isBetween(parent.getStartTimeUnixNano(), parent.getEndTimeUnixNano());
                assertThat(child.getEndTimeUnixNano()).isBetween(child.getStartTimeUnixNano() + 1, parent.getEndTimeUnixNano());
                assertThat(parent.getKind()).isIn(SpanKind.SPAN_KIND_SERVER, SpanKind.SPAN_KIND_INTERNAL, SpanKind.SPAN_KIND_CLIENT);
                if (parent.getKind() == SpanKind.SPAN_KIND_CLIENT) {
                    assertThat(child.getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
                }
            });
            assertThat(roots.getFirst().getEndTimeUnixNano()).isBetween(now - 10_000_000_000L, now);
        });
    }

    @Test
    void spansCarrySemanticAttributesOfEveryTypeAndTheExtraOnes() {
        List<Span> spans = spans(new SpanGenerator(3, 8, 6, 4).nextBatch(2000));
        assertThat(spans.stream().map(Span::getKind).collect(Collectors.toSet())).contains(
                SpanKind.SPAN_KIND_SERVER, SpanKind.SPAN_KIND_CLIENT, SpanKind.SPAN_KIND_INTERNAL, SpanKind.SPAN_KIND_PRODUCER);
        Set<String> keys = spans.stream().flatMap(s -> s.getAttributesList().stream()).map(KeyValue::getKey)
                .collect(Collectors.toSet());
        assertThat(keys).contains("http.request.method", "http.response.status_code", "db.system.name",
                "db.query.text", "messaging.system", "messaging.destination.name", "app.order.total", "app.cache.hit");
        assertThat(spans.stream().flatMap(s -> s.getAttributesList().stream()).map(kv -> kv.getValue().getValueCase())
                .collect(Collectors.toSet())).contains(AnyValue.ValueCase.STRING_VALUE, AnyValue.ValueCase.INT_VALUE,
                AnyValue.ValueCase.DOUBLE_VALUE, AnyValue.ValueCase.BOOL_VALUE);
        assertThat(spans).allSatisfy(span -> assertThat(span.getAttributesList())
                .filteredOn(kv -> kv.getKey().startsWith("bench.attr.")).hasSize(6));
    }

    @Test
    void resourcesDescribeServicesAndTheSdk() {
        ExportTraceServiceRequest request = new SpanGenerator(3, 8, 0, 5).nextBatch(1000);
        assertThat(request.getResourceSpansList()).hasSize(3).allSatisfy(rs -> {
            assertThat(rs.getResource().getAttributesList()).extracting(KeyValue::getKey).contains("service.name",
                    "telemetry.sdk.name", "telemetry.sdk.language", "telemetry.sdk.version", "host.name");
            assertThat(rs.getScopeSpansList()).singleElement().satisfies(ss -> {
                assertThat(ss.getScope().getName()).isNotEmpty();
                assertThat(ss.getScope().getVersion()).isNotEmpty();
            });
        });
        assertThat(request.getResourceSpansList().stream().map(SpanGeneratorTest::serviceName))
                .containsExactlyInAnyOrder("frontend", "checkout", "payment");
    }

    @Test
    void someSpansFailWithAnExceptionEvent() {
        List<Span> errors = spans(new SpanGenerator(2, 8, 0, 6).nextBatch(5000)).stream()
                .filter(s -> s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR).toList();
        assertThat(errors).hasSizeBetween(25, 250).allSatisfy(span -> {
            assertThat(span.getStatus().getMessage()).isNotEmpty();
            assertThat(span.getEventsList()).singleElement().satisfies(event -> {
                assertThat(event.getName()).isEqualTo("exception");
                assertThat(event.getAttributesList()).extracting(KeyValue::getKey)
                        .contains("exception.type", "exception.message", "exception.stacktrace");
            });
        });
    }

    @Test
    void theSeedMakesRunsRepeatableWhileEveryBatchHasFreshIds() {
        SpanGenerator a = new SpanGenerator(3, 8, 2, 42);
        SpanGenerator b = new SpanGenerator(3, 8, 2, 42);
        List<ByteString> first = ids(a.nextBatch(64));
        assertThat(ids(b.nextBatch(64))).isEqualTo(first);
        assertThat(ids(a.nextBatch(64))).doesNotContainAnyElementsOf(first);
        assertThat(ids(new SpanGenerator(3, 8, 2, 43).nextBatch(64))).doesNotContainAnyElementsOf(first);
    }

    private static List<Span> spans(ExportTraceServiceRequest request) {
        return request.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream()).toList();
    }

    private static List<ByteString> ids(ExportTraceServiceRequest request) {
        return spans(request).stream().map(Span::getSpanId).toList();
    }

    private static String serviceName(ResourceSpans rs) {
        return rs.getResource().getAttributesList().stream().filter(kv -> kv.getKey().equals("service.name"))
                .findFirst().orElseThrow().getValue().getStringValue();
    }
}
