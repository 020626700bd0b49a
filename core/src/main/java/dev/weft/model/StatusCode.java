package dev.weft.model;

/** OTLP status codes, in the order of their protobuf numbers. */
public enum StatusCode {
    UNSET, OK, ERROR
}
