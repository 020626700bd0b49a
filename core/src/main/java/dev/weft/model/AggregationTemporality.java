package dev.weft.model;

/** OTLP aggregation temporalities, in the order of their protobuf numbers. */
public enum AggregationTemporality {
    UNSPECIFIED, DELTA, CUMULATIVE
}
