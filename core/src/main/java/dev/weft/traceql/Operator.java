package dev.weft.traceql;

/** The comparison operators of a condition. */
public enum Operator {
    EQ("="), NEQ("!="), GT(">"), GTE(">="), LT("<"), LTE("<="), REGEX("=~"), NOT_REGEX("!~");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    boolean isEquality() {
        return this == EQ || this == NEQ;
    }

    boolean isRegex() {
        return this == REGEX || this == NOT_REGEX;
    }
}
