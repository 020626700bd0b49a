package dev.weft.query.tempo;

import dev.weft.query.params.InvalidParameterException;
import dev.weft.query.params.QueryParameters;
import dev.weft.traceql.Attribute;
import dev.weft.traceql.Expr;
import dev.weft.traceql.Intrinsic;
import dev.weft.traceql.Operator;
import dev.weft.traceql.Scope;
import dev.weft.traceql.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * Tempo's search from before TraceQL, which older Grafana versions send:
 * {@code tags=service.name="api" http.status_code=500} (logfmt) with {@code minDuration} and
 * {@code maxDuration} on the trace's duration. It becomes the filter it always meant: each tag
 * {@code key=value} is {@code .key = "value"} ({@code name} is the span name), all on one span.
 */
final class LegacySearch {

    private LegacySearch() {
    }

    static Expr filter(String tags, String minDuration, String maxDuration) {
        List<Expr> conditions = new ArrayList<>();
        if (tags != null) {
            parseTags(tags, conditions);
        }
        Long min = QueryParameters.duration("minDuration", minDuration);
        Long max = QueryParameters.maxDuration("maxDuration", maxDuration, min);
        if (min != null) {
            conditions.add(new Expr.Condition(Intrinsic.TRACE_DURATION, Operator.GTE, new Value.Dur(min)));
        }
        if (max != null) {
            conditions.add(new Expr.Condition(Intrinsic.TRACE_DURATION, Operator.LTE, new Value.Dur(max)));
        }
        return conditions.stream().reduce(Expr.And::new).orElse(Expr.ALL);
    }

    /** logfmt: {@code key=value} pairs separated by spaces; a value may be double-quoted with backslash escapes. */
    private static void parseTags(String tags, List<Expr> into) {
        int i = 0;
        while (i < tags.length()) {
            if (Character.isWhitespace(tags.charAt(i))) {
                i++;
                continue;
            }
            int equals = tags.indexOf('=', i);
            int space = indexOfSpace(tags, i);
            if (equals < 0 || equals > space || equals == i) {
                throw new InvalidParameterException("tags", "expected key=value pairs such as service.name=\"api\", found '"
                        + tags.substring(i, space) + "'");
            }
            String key = tags.substring(i, equals);
            StringBuilder value = new StringBuilder();
            i = equals + 1;
            if (i < tags.length() && tags.charAt(i) == '"') {
                for (i++; i < tags.length() && tags.charAt(i) != '"'; i++) {
                    value.append(tags.charAt(i) == '\\' && i + 1 < tags.length() ? tags.charAt(++i) : tags.charAt(i));
                }
                if (i >= tags.length()) {
                    throw new InvalidParameterException("tags", "the value of '" + key + "' is not closed with '\"'");
                }
                i++;
            } else {
                int end = indexOfSpace(tags, i);
                value.append(tags, i, end);
                i = end;
            }
            into.add(new Expr.Condition(key.equals("name") ? Intrinsic.NAME : new Attribute(Scope.ANY, key), Operator.EQ,
                    new Value.Str(value.toString())));
        }
    }

    private static int indexOfSpace(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return text.length();
    }
}
