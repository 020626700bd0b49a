package dev.weft.query.json;

import dev.weft.model.LogRecord;

import java.util.Map;

/** One log record; {@code body} is any JSON value, null when the record has none. */
public record LogRecordJson(String timeUnixNano, String observedTimeUnixNano, int severityNumber,
                            String severityText, Object body, Map<String, Object> attributes,
                            Map<String, Object> resource, ScopeJson scope, String traceId, String spanId,
                            String eventName, long flags, int droppedAttributesCount) {

    public static LogRecordJson of(LogRecord log) {
        return new LogRecordJson(JsonValues.nanos(log.timeUnixNano()), JsonValues.nanos(log.observedTimeUnixNano()),
                log.severityNumber(), log.severityText(), JsonValues.value(log.body()),
                JsonValues.attributes(log.attributes()), JsonValues.resource(log.resource()),
                ScopeJson.of(log.scope()), log.traceId(), log.spanId(), log.eventName(),
                Integer.toUnsignedLong(log.flags()), log.droppedAttributesCount());
    }
}
