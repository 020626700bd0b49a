package dev.weft.model;

/**
 * One log record with its resource and scope. {@code traceId}/{@code spanId} are lower-case
 * hex, empty when the record carries no trace context.
 */
public record LogRecord(long timeUnixNano, long observedTimeUnixNano, int severityNumber, String severityText,
                        AnyValue body, Attributes attributes, int droppedAttributesCount, int flags,
                        String traceId, String spanId, String eventName,
                        Resource resource, InstrumentationScope scope) {

    public LogRecord {
        severityText = severityText == null ? "" : severityText;
        body = body == null ? AnyValue.Empty.INSTANCE : body;
        attributes = attributes == null ? Attributes.empty() : attributes;
        traceId = traceId == null ? "" : traceId;
        spanId = spanId == null ? "" : spanId;
        eventName = eventName == null ? "" : eventName;
        resource = resource == null ? Resource.EMPTY : resource;
        scope = scope == null ? InstrumentationScope.EMPTY : scope;
    }

    public String serviceName() {
        return resource.serviceName();
    }

    /** The time a query orders and filters by: the event time, else the observed time. */
    public long effectiveTimeUnixNano() {
        return timeUnixNano != 0 ? timeUnixNano : observedTimeUnixNano;
    }
}
