package dev.weft.traceql;

import dev.weft.model.SpanKind;
import dev.weft.model.StatusCode;
import dev.weft.traceql.Lexer.Kind;
import dev.weft.traceql.Lexer.Token;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A recursive-descent parser for this grammar, the spanset filters Grafana's search builder
 * writes and a little more:
 *
 * <pre>
 * query     := "{" [ or ] "}"
 * or        := and { "||" and }
 * and       := primary { "&&" primary }
 * primary   := "(" or ")" | condition
 * condition := field operator value
 * field     := intrinsic | ("resource" | "span") "." name | "." name
 * operator  := "=" | "!=" | ">" | ">=" | "<" | "<=" | "=~" | "!~"
 * value     := string | ["-"] (integer | float | duration) | "true" | "false" | "nil"
 *            | status keyword | kind keyword | bare word (a string)
 * </pre>
 *
 * Every TraceQL construct outside it that a user may reasonably write (pipelines, aggregates,
 * structural operators, other scopes, arithmetic) is recognised where it appears and refused
 * with a message naming it, so that nobody mistakes a partial evaluation for an answer.
 */
final class Parser {

    private static final Map<String, StatusCode> STATUSES = Map.of(
            "ok", StatusCode.OK, "error", StatusCode.ERROR, "unset", StatusCode.UNSET);
    private static final Map<String, SpanKind> KINDS = Map.of(
            "unspecified", SpanKind.UNSPECIFIED, "internal", SpanKind.INTERNAL, "server", SpanKind.SERVER,
            "client", SpanKind.CLIENT, "producer", SpanKind.PRODUCER, "consumer", SpanKind.CONSUMER);
    private static final Set<String> AGGREGATES = Set.of("count", "avg", "min", "max", "sum", "select", "by",
            "coalesce", "rate", "count_over_time", "quantile_over_time", "histogram_over_time", "compare");
    private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "%", "^");

    private final List<Token> tokens;
    private int index;

    private Parser(String input) {
        this.tokens = Lexer.tokenize(input);
    }

    static Expr query(String input) {
        Parser parser = new Parser(input);
        if (parser.peek().is(Kind.EOF)) {
            return Expr.ALL;
        }
        Expr expr = parser.spanset();
        parser.end();
        return expr;
    }

    static Field field(String input) {
        Parser parser = new Parser(input);
        Field field = parser.field();
        if (!parser.peek().is(Kind.EOF)) {
            throw parser.error(parser.peek(), "unexpected '" + parser.peek().text() + "' after the field " + field);
        }
        return field;
    }

    private Expr spanset() {
        Token open = next();
        if (!open.is(Kind.LBRACE)) {
            if (open.is(Kind.WORD) && AGGREGATES.contains(open.text())) {
                throw unsupported(open, "aggregates and metrics functions ('" + open.text() + "') are not supported");
            }
            throw error(open, "a query starts with '{', as in {resource.service.name=\"api\"}");
        }
        if (peek().is(Kind.RBRACE)) {
            next();
            return Expr.ALL;
        }
        Expr expr = or();
        expect(Kind.RBRACE, "'}' or '&&' or '||'");
        return expr;
    }

    /** After the spanset only the end may come; anything else is TraceQL beyond one filter. */
    private void end() {
        Token token = next();
        switch (token.kind()) {
            case EOF -> {
            }
            case AND, OR -> throw unsupported(token,
                    "combining spansets with '" + token.text() + "' is not supported; put all conditions in one {...}");
            case LBRACE -> throw unsupported(token, "more than one spanset is not supported");
            default -> {
                if (token.text().equals("|")) {
                    throw unsupported(token, "pipelines ('|') are not supported");
                }
                if (token.text().equals("with")) {
                    throw unsupported(token, "query hints ('with') are not supported");
                }
                if (token.is(Kind.OPERATOR) || token.is(Kind.SYMBOL)) {
                    throw unsupported(token, "structural operator '" + token.text() + "' is not supported");
                }
                throw error(token, "unexpected '" + token.text() + "' after the spanset");
            }
        }
    }

    private Expr or() {
        Expr left = and();
        while (peek().is(Kind.OR)) {
            next();
            left = new Expr.Or(left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = primary();
        while (peek().is(Kind.AND)) {
            next();
            left = new Expr.And(left, primary());
        }
        return left;
    }

    private Expr primary() {
        Token token = peek();
        if (token.is(Kind.LPAREN)) {
            next();
            Expr inner = or();
            expect(Kind.RPAREN, "')'");
            return inner;
        }
        if (token.text().equals("!") && token.is(Kind.SYMBOL)) {
            throw unsupported(token, "negation ('!') is not supported; use != or !~");
        }
        return condition();
    }

    private Expr condition() {
        Field field = field();
        Token token = next();
        if (!token.is(Kind.OPERATOR)) {
            if (ARITHMETIC.contains(token.text())) {
                throw unsupported(token, "arithmetic ('" + token.text() + "') is not supported");
            }
            throw error(token, "a condition needs an operator and a value after " + field + ", as in " + field + " = \"x\"");
        }
        Operator op = Lexer.operator(token);
        Token valueToken = peek();
        return new Expr.Condition(field, op, check(field, op, value(), valueToken));
    }

    private Field field() {
        Token token = next();
        if (token.is(Kind.ATTRIBUTE)) {
            return switch (token.scope()) {
                case "resource" -> new Attribute(Scope.RESOURCE, token.text());
                case "span" -> new Attribute(Scope.SPAN, token.text());
                case "" -> new Attribute(Scope.ANY, token.text());
                case "instrumentation" -> throw unsupported(token,
                        "instrumentation scope attributes ('instrumentation.') are not supported");
                default -> throw unsupported(token, token.scope() + " attributes ('" + token.scope() + ".') are not supported");
            };
        }
        if (token.is(Kind.WORD)) {
            if (AGGREGATES.contains(token.text()) && peek().is(Kind.LPAREN)) {
                throw unsupported(token, "aggregates and metrics functions ('" + token.text() + "') are not supported");
            }
            return Intrinsic.byName(token.text()).orElseThrow(() -> unknownField(token));
        }
        throw error(token, "expected a field such as resource.service.name, span.http.method, .http.method or "
                + "duration, found '" + token.text() + "'");
    }

    private TraceQlException unknownField(Token token) {
        String word = token.text();
        if (word.contains(":") || word.equals("childCount") || word.equals("parent") || word.startsWith("nestedSet")) {
            return unsupported(token, "intrinsic '" + word + "' is not supported");
        }
        return error(token, "'" + word + "' is not a field: write an attribute as span." + word + ", resource." + word
                + " or ." + word + ", or use an intrinsic such as name, status, kind or duration");
    }

    private Value value() {
        Token token = next();
        return switch (token.kind()) {
            case STRING -> new Value.Str(token.text());
            case INTEGER, FLOAT, DURATION -> number(token, false);
            case SYMBOL -> {
                if (token.text().equals("-") && (peek().is(Kind.INTEGER) || peek().is(Kind.FLOAT) || peek().is(Kind.DURATION))) {
                    yield number(next(), true);
                }
                throw error(token, "expected a value, found '" + token.text() + "'");
            }
            case WORD -> word(token);
            case ATTRIBUTE -> throw unsupported(token, "comparing a field with another field is not supported");
            default -> throw error(token, "expected a value, found '" + token.text() + "'");
        };
    }

    private Value number(Token token, boolean negative) {
        try {
            return switch (token.kind()) {
                case INTEGER -> new Value.Int(negative ? -Long.parseLong(token.text()) : Long.parseLong(token.text()));
                case FLOAT -> new Value.Flt(negative ? -Double.parseDouble(token.text()) : Double.parseDouble(token.text()));
                default -> new Value.Dur(negative ? -Long.parseLong(token.text()) : Long.parseLong(token.text()));
            };
        } catch (NumberFormatException e) {
            throw error(token, "'" + token.text() + "' is too large a number");
        }
    }

    /** A keyword, or a bare word, which is read as a string; a word that names a field is refused. */
    private Value word(Token token) {
        String word = token.text();
        if (STATUSES.containsKey(word)) {
            return new Value.StatusValue(STATUSES.get(word));
        }
        if (KINDS.containsKey(word)) {
            return new Value.KindValue(KINDS.get(word));
        }
        return switch (word) {
            case "true" -> new Value.Bool(true);
            case "false" -> new Value.Bool(false);
            case "nil" -> Value.NIL;
            default -> {
                if (Intrinsic.byName(word).isPresent() || word.contains(":")) {
                    throw unsupported(token, "comparing a field with another field is not supported");
                }
                yield new Value.Str(word);
            }
        };
    }

    /** Checks that the value suits the field and the operator, and compiles regular expressions. */
    private Value check(Field field, Operator op, Value value, Token at) {
        if (op.isRegex()) {
            if (!(value instanceof Value.Str(String regex)) || field instanceof Intrinsic i && i.type() != Intrinsic.Type.STRING) {
                throw error(at, op.symbol() + " compares a string field with a quoted regular expression");
            }
            try {
                return new Value.Regex(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw error(at, "invalid regular expression \"" + regex + "\": " + e.getDescription());
            }
        }
        boolean equalityOnly = value instanceof Value.Bool || value instanceof Value.Nil
                || value instanceof Value.StatusValue || value instanceof Value.KindValue;
        if (equalityOnly && !op.isEquality()) {
            throw error(at, "a " + describe(value) + " compares only with = and !=");
        }
        if (field instanceof Intrinsic intrinsic) {
            boolean fits = switch (intrinsic.type()) {
                case STRING -> value instanceof Value.Str;
                case DURATION -> value.isNumeric();
                case STATUS -> value instanceof Value.StatusValue;
                case KIND -> value instanceof Value.KindValue;
            };
            if (!fits) {
                throw error(at, field + " compares with " + switch (intrinsic.type()) {
                    case STRING -> "a quoted string";
                    case DURATION -> "a duration such as 100ms or 1.5s";
                    case STATUS -> "one of ok, error, unset";
                    case KIND -> "one of unspecified, internal, server, client, producer, consumer";
                });
            }
        } else if (value instanceof Value.StatusValue || value instanceof Value.KindValue) {
            throw error(at, "'" + at.text() + "' is a keyword of status or kind; quote an attribute value: \""
                    + at.text() + "\"");
        }
        return value;
    }

    private static String describe(Value value) {
        return switch (value) {
            case Value.Bool b -> "boolean";
            case Value.Nil n -> "nil";
            case Value.StatusValue s -> "status keyword";
            default -> "kind keyword";
        };
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        Token token = tokens.get(index);
        if (!token.is(Kind.EOF)) {
            index++;
        }
        return token;
    }

    private void expect(Kind kind, String what) {
        Token token = next();
        if (!token.is(kind)) {
            if (token.text().equals("|")) {
                throw unsupported(token, "pipelines ('|') are not supported");
            }
            if (ARITHMETIC.contains(token.text())) {
                throw unsupported(token, "arithmetic ('" + token.text() + "') is not supported");
            }
            throw error(token, "expected " + what + ", found '" + token.text() + "'");
        }
    }

    private TraceQlException error(Token token, String message) {
        return Lexer.error(token.position(), message);
    }

    private TraceQlException unsupported(Token token, String message) {
        return new TraceQlException("unsupported TraceQL at position " + (token.position() + 1) + ": " + message
                + ". Weft evaluates one spanset filter such as {resource.service.name=\"api\" && duration>100ms}");
    }
}
