package dev.weft.model;

/** OTLP span kinds, in the order of their protobuf numbers. */
public enum SpanKind {
    UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER
}
