package dev.weft.traceql;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The intrinsics Weft evaluates, under every name TraceQL gives them: the short form
 * ({@code duration}) and the scoped form ({@code span:duration}, {@code trace:rootService}).
 */
public enum Intrinsic implements Field {
    DURATION(Type.DURATION, false, "duration", "span:duration"),
    NAME(Type.STRING, false, "name", "span:name"),
    STATUS(Type.STATUS, false, "status", "span:status"),
    STATUS_MESSAGE(Type.STRING, false, "statusMessage", "span:statusMessage"),
    KIND(Type.KIND, false, "kind", "span:kind"),
    SPAN_ID(Type.STRING, false, "span:id"),
    TRACE_ID(Type.STRING, false, "trace:id"),
    TRACE_DURATION(Type.DURATION, true, "traceDuration", "trace:duration"),
    ROOT_NAME(Type.STRING, true, "rootName", "trace:rootName"),
    ROOT_SERVICE_NAME(Type.STRING, true, "rootServiceName", "trace:rootService");

    /** What an intrinsic may be compared with, checked when the query is parsed. */
    public enum Type {
        STRING, DURATION, STATUS, KIND
    }

    private final Type type;
    private final boolean traceLevel;
    private final List<String> names;

    Intrinsic(Type type, boolean traceLevel, String... names) {
        this.type = type;
        this.traceLevel = traceLevel;
        this.names = List.of(names);
    }

    public Type type() {
        return type;
    }

    @Override
    public boolean traceLevel() {
        return traceLevel;
    }

    /** The intrinsic a name in a query stands for. */
    public static Optional<Intrinsic> byName(String name) {
        return Arrays.stream(values()).filter(i -> i.names.contains(name)).findFirst();
    }

    /** Every name an intrinsic can be written as, for tag-name lists; sorted. */
    public static List<String> allNames() {
        return Arrays.stream(values()).flatMap(i -> i.names.stream()).sorted().toList();
    }

    @Override
    public String toString() {
        return names.getFirst();
    }
}
