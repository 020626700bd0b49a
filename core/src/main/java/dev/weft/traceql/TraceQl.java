package dev.weft.traceql;

/** Entry points of the TraceQL parser. */
public final class TraceQl {

    private TraceQl() {
    }

    /**
     * Parses a spanset filter such as {@code {resource.service.name="api" && duration>100ms}}; a
     * blank query means {@code {}}. Throws {@link TraceQlException} naming what is wrong or unsupported.
     */
    public static Expr parse(String query) {
        return Parser.query(query);
    }

    /**
     * Parses a field alone, as a tag name arrives in a tag-values request: {@code resource.service.name},
     * {@code .http.method}, {@code status}, {@code span:name}.
     */
    public static Field parseField(String field) {
        return Parser.field(field);
    }
}
