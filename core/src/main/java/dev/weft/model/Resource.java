package dev.weft.model;

/**
 * The entity that produced telemetry. {@code schemaUrl} is the one of the enclosing
 * {@code ResourceSpans}/{@code ResourceLogs}/{@code ResourceMetrics}, kept here so a flattened
 * item still knows it.
 */
public record Resource(Attributes attributes, int droppedAttributesCount, String schemaUrl) {

    public static final String SERVICE_NAME = "service.name";
    public static final Resource EMPTY = new Resource(Attributes.empty(), 0, "");

    public Resource {
        attributes = attributes == null ? Attributes.empty() : attributes;
        schemaUrl = schemaUrl == null ? "" : schemaUrl;
    }

    /** {@code service.name}, or {@code unknown_service} as the OpenTelemetry SDKs default it. */
    public String serviceName() {
        String name = attributes.getText(SERVICE_NAME);
        return name == null || name.isEmpty() ? "unknown_service" : name;
    }
}
