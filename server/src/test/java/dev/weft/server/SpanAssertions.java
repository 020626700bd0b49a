package dev.weft.server;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import tools.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Compares a span of the query API's JSON with the SDK's {@link SpanData} it was exported from. */
final class SpanAssertions {

    private SpanAssertions() {
    }

    static void assertSameSpan(JsonNode json, SpanData expected) {
        String name = expected.getName();
        assertThat(json.get("traceId").asString()).as(name + " traceId").isEqualTo(expected.getTraceId());
        assertThat(json.get("spanId").asString()).as(name + " spanId").isEqualTo(expected.getSpanId());
        assertThat(json.get("parentSpanId").asString()).as(name + " parentSpanId")
                .isEqualTo(expected.getParentSpanContext().isValid() ? expected.getParentSpanId() : "");
        assertThat(json.get("traceState").asString()).as(name + " traceState").isEqualTo(
                expected.getSpanContext().getTraceState().isEmpty() ? "" : w3c(expected));
        assertThat(json.get("flags").asLong() & 0xff).as(name + " trace flags")
                .isEqualTo(expected.getSpanContext().getTraceFlags().asByte() & 0xffL);
        assertThat(json.get("name").asString()).isEqualTo(name);
        assertThat(json.get("kind").asString()).as(name + " kind").isEqualTo(expected.getKind().name());
        assertThat(json.get("serviceName").asString()).isEqualTo(
                expected.getResource().getAttribute(AttributeKey.stringKey("service.name")));
        assertThat(json.get("startTimeUnixNano").asString()).isEqualTo(Long.toString(expected.getStartEpochNanos()));
        assertThat(json.get("endTimeUnixNano").asString()).isEqualTo(Long.toString(expected.getEndEpochNanos()));
        assertThat(json.get("status").get("code").asString()).as(name + " status")
                .isEqualTo(expected.getStatus().getStatusCode().name());
        assertThat(json.get("status").get("message").asString()).isEqualTo(expected.getStatus().getDescription());
        assertSameAttributes(json.get("attributes"), expected.getAttributes());
        assertThat(json.get("droppedAttributesCount").asInt())
                .isEqualTo(expected.getTotalAttributeCount() - expected.getAttributes().size());
        assertSameAttributes(json.get("resource"), expected.getResource().getAttributes());
        assertThat(json.get("resource").size()).isEqualTo(expected.getResource().getAttributes().size());
        assertThat(json.get("scope").get("name").asString()).isEqualTo(expected.getInstrumentationScopeInfo().getName());
        assertThat(json.get("scope").get("version").asString())
                .isEqualTo(expected.getInstrumentationScopeInfo().getVersion());
        assertSameAttributes(json.get("scope").get("attributes"), expected.getInstrumentationScopeInfo().getAttributes());

        List<EventData> events = expected.getEvents();
        assertThat(json.get("events")).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = json.get("events").get(i);
            assertThat(event.get("name").asString()).isEqualTo(events.get(i).getName());
            assertThat(event.get("timeUnixNano").asString()).isEqualTo(Long.toString(events.get(i).getEpochNanos()));
            assertSameAttributes(event.get("attributes"), events.get(i).getAttributes());
        }
        assertThat(json.get("droppedEventsCount").asInt()).isEqualTo(expected.getTotalRecordedEvents() - events.size());

        List<LinkData> links = expected.getLinks();
        assertThat(json.get("links")).hasSize(links.size());
        for (int i = 0; i < links.size(); i++) {
            JsonNode link = json.get("links").get(i);
            assertThat(link.get("traceId").asString()).isEqualTo(links.get(i).getSpanContext().getTraceId());
            assertThat(link.get("spanId").asString()).isEqualTo(links.get(i).getSpanContext().getSpanId());
            assertSameAttributes(link.get("attributes"), links.get(i).getAttributes());
        }
        assertThat(json.get("droppedLinksCount").asInt()).isEqualTo(expected.getTotalRecordedLinks() - links.size());
    }

    private static String w3c(SpanData span) {
        StringBuilder out = new StringBuilder();
        span.getSpanContext().getTraceState().forEach((k, v) -> out.append(out.isEmpty() ? "" : ",").append(k)
                .append('=').append(v));
        return out.toString();
    }

    /** Every SDK attribute is present in the JSON object with its value and its JSON type. */
    static void assertSameAttributes(JsonNode json, Attributes expected) {
        assertThat(json).as("attributes object").isNotNull();
        expected.forEach((key, value) -> {
            JsonNode actual = json.get(key.getKey());
            assertThat(actual).as("attribute " + key.getKey()).isNotNull();
            assertSameValue(key, actual, value);
        });
    }

    private static void assertSameValue(AttributeKey<?> key, JsonNode actual, Object value) {
        String what = "attribute " + key.getKey();
        switch (key.getType()) {
            case STRING -> assertThat(actual.asString()).as(what).isEqualTo(value);
            case BOOLEAN -> assertThat(actual.isBoolean() && actual.asBoolean() == (Boolean) value).as(what).isTrue();
            case LONG -> {
                long expected = (Long) value;
                if (Math.abs(expected) > (1L << 53)) {
                    assertThat(actual.isString()).as(what + " beyond 2^53 is a string").isTrue();
                }
                assertThat(Long.parseLong(actual.asString())).as(what).isEqualTo(expected);
            }
            case DOUBLE -> assertThat(actual.isNumber() && actual.asDouble() == (Double) value).as(what).isTrue();
            case STRING_ARRAY, BOOLEAN_ARRAY, LONG_ARRAY, DOUBLE_ARRAY -> {
                List<?> list = (List<?>) value;
                assertThat(actual.isArray()).as(what + " is an array").isTrue();
                assertThat(actual).hasSize(list.size());
                for (int i = 0; i < list.size(); i++) {
                    assertThat(actual.get(i).asString()).as(what + "[" + i + "]").isEqualTo(String.valueOf(list.get(i)));
                }
            }
            case VALUE -> {
                ByteBuffer bytes = (ByteBuffer) ((Value<?>) value).getValue();
                byte[] raw = new byte[bytes.remaining()];
                bytes.duplicate().get(raw);
                assertThat(actual.asString()).as(what + " bytes as base64").isEqualTo(Base64.getEncoder().encodeToString(raw));
            }
        }
    }
}
