package dev.weft.model;

/** The instrumentation library that emitted an item, with the schema URL of its scope group. */
public record InstrumentationScope(String name, String version, Attributes attributes,
                                   int droppedAttributesCount, String schemaUrl) {

    public static final InstrumentationScope EMPTY = new InstrumentationScope("", "", Attributes.empty(), 0, "");

    public InstrumentationScope {
        name = name == null ? "" : name;
        version = version == null ? "" : version;
        attributes = attributes == null ? Attributes.empty() : attributes;
        schemaUrl = schemaUrl == null ? "" : schemaUrl;
    }
}
