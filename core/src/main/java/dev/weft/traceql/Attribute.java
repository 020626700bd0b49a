package dev.weft.traceql;

/** A span or resource attribute, by the scope the query names and the attribute key. */
public record Attribute(Scope scope, String name) implements Field {

    @Override
    public boolean traceLevel() {
        return false;
    }

    @Override
    public String toString() {
        return switch (scope) {
            case RESOURCE -> "resource." + name;
            case SPAN -> "span." + name;
            case ANY -> "." + name;
        };
    }
}
