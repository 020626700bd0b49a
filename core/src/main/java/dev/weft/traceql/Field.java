package dev.weft.traceql;

/** What a condition compares: an attribute, or an intrinsic property of the span or its trace. */
public sealed interface Field permits Attribute, Intrinsic {

    /** True when the value belongs to the whole trace, so that a span alone cannot decide the condition. */
    boolean traceLevel();
}
