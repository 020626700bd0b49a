package dev.weft.correlation.analysis;

import dev.weft.model.Span;
import dev.weft.model.SpanKind;

/**
 * What counts as a failure. A span with status ERROR is one and a span with status OK is not.
 * A span whose status was left UNSET counts when it is an HTTP server or client span that
 * answered 5xx: instrumentations that forget to set the status still record the code. An
 * exception event alone does not make a failure: code records exceptions it handles, and
 * OpenTelemetry leaves the status for the caller to decide.
 */
public final class Failures {

    private Failures() {
    }

    public static boolean isFailure(Span span) {
        return switch (span.status().code()) {
            case ERROR -> true;
            case OK -> false;
            case UNSET -> (span.kind() == SpanKind.SERVER || span.kind() == SpanKind.CLIENT) && httpStatus(span) >= 500;
        };
    }

    private static int httpStatus(Span span) {
        String code = span.attributes().getText("http.response.status_code");
        if (code == null) {
            code = span.attributes().getText("http.status_code");
        }
        try {
            return code == null ? 0 : Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
