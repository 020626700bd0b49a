package dev.weft.traceql;

/** Where an attribute is looked up: {@code resource.x}, {@code span.x}, or {@code .x} (the span's, else its resource's). */
public enum Scope {
    RESOURCE, SPAN, ANY
}
