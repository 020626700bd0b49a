package dev.weft.traceql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a query into tokens. Attribute names are the one context-sensitive part, as in Tempo's
 * lexer: after {@code resource.}, {@code span.} or a leading {@code .}, everything up to a space
 * or an operator character belongs to the name, dots and dashes included
 * ({@code resource.service.name}, {@code span.http.status_code}).
 */
final class Lexer {

    enum Kind {
        LBRACE, RBRACE, LPAREN, RPAREN, AND, OR, OPERATOR, STRING, INTEGER, FLOAT, DURATION, WORD, ATTRIBUTE, SYMBOL, EOF
    }

    /**
     * One token. {@code text} is the source text, except for strings (the unquoted value) and
     * attributes (the name); {@code scope} is an attribute's scope word, empty for {@code .x}.
     */
    record Token(Kind kind, String text, String scope, int position) {

        boolean is(Kind k) {
            return kind == k;
        }
    }

    /** Scope words that may precede {@code .name}; the parser decides which it supports. */
    static final Set<String> SCOPES = Set.of("resource", "span", "event", "link", "instrumentation", "parent");

    /** Multi-character symbols, longest first so that {@code &>>} wins over {@code &>}. */
    private static final List<String> SYMBOLS = List.of("&>>", "&<<", "!>>", "!<<",
            "&&", "||", "!=", "!~", "=~", ">=", "<=", ">>", "<<", "&>", "&<", "&~", "!>", "!<");
    private static final Map<String, Operator> OPERATORS = Map.of("=", Operator.EQ, "!=", Operator.NEQ,
            ">", Operator.GT, ">=", Operator.GTE, "<", Operator.LT, "<=", Operator.LTE,
            "=~", Operator.REGEX, "!~", Operator.NOT_REGEX);
    private static final String NOT_IN_ATTRIBUTE_NAME = "{}()=~!<>&|^,";
    private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of(
            "ns", BigDecimal.ONE, "us", BigDecimal.valueOf(1_000L), "µs", BigDecimal.valueOf(1_000L),
            "ms", BigDecimal.valueOf(1_000_000L), "s", BigDecimal.valueOf(1_000_000_000L),
            "m", BigDecimal.valueOf(60_000_000_000L), "h", BigDecimal.valueOf(3_600_000_000_000L),
            "d", BigDecimal.valueOf(86_400_000_000_000L), "w", BigDecimal.valueOf(604_800_000_000_000L));

    private final String input;
    private int pos;

    private Lexer(String input) {
        this.input = input;
    }

    static List<Token> tokenize(String input) {
        Lexer lexer = new Lexer(input);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (!token.is(Kind.EOF));
        return tokens;
    }

    static Operator operator(Token token) {
        return OPERATORS.get(token.text());
    }

    private Token next() {
        while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
            pos++;
        }
        int start = pos;
        if (pos >= input.length()) {
            return new Token(Kind.EOF, "end of query", "", start);
        }
        char c = input.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                return new Token(Kind.LBRACE, "{", "", start);
            }
            case '}' -> {
                pos++;
                return new Token(Kind.RBRACE, "}", "", start);
            }
            case '(' -> {
                pos++;
                return new Token(Kind.LPAREN, "(", "", start);
            }
            case ')' -> {
                pos++;
                return new Token(Kind.RPAREN, ")", "", start);
            }
            case '"', '`' -> {
                return new Token(Kind.STRING, string(), "", start);
            }
            case '.' -> {
                pos++;
                return new Token(Kind.ATTRIBUTE, attributeName(start, "."), "", start);
            }
            default -> {
            }
        }
        if (Character.isDigit(c)) {
            return number(start);
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < input.length() && (Character.isLetterOrDigit(input.charAt(pos)) || input.charAt(pos) == '_'
                    || input.charAt(pos) == ':')) {
                pos++;
            }
            String word = input.substring(start, pos);
            if (pos < input.length() && input.charAt(pos) == '.' && SCOPES.contains(word)) {
                pos++;
                return new Token(Kind.ATTRIBUTE, attributeName(start, word + "."), word, start);
            }
            return new Token(Kind.WORD, word, "", start);
        }
        for (String symbol : SYMBOLS) {
            if (input.startsWith(symbol, pos)) {
                pos += symbol.length();
                return symbol(symbol, start);
            }
        }
        pos++;
        return symbol(String.valueOf(c), start);
    }

    private static Token symbol(String symbol, int start) {
        Kind kind = switch (symbol) {
            case "&&" -> Kind.AND;
            case "||" -> Kind.OR;
            default -> OPERATORS.containsKey(symbol) ? Kind.OPERATOR : Kind.SYMBOL;
        };
        return new Token(kind, symbol, "", start);
    }

    /** An attribute name after its scope: quoted, or up to a space or operator character. */
    private String attributeName(int start, String scope) {
        String name;
        if (pos < input.length() && input.charAt(pos) == '"') {
            name = string();
        } else {
            int from = pos;
            while (pos < input.length() && !Character.isWhitespace(input.charAt(pos))
                    && NOT_IN_ATTRIBUTE_NAME.indexOf(input.charAt(pos)) < 0) {
                pos++;
            }
            name = input.substring(from, pos);
        }
        if (name.isEmpty()) {
            throw error(start, "an attribute name must follow '" + scope + "'");
        }
        return name;
    }

    /** A double-quoted string with Go's escapes, or a back-quoted raw string. */
    private String string() {
        int start = pos;
        char quote = input.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (pos < input.length()) {
            char c = input.charAt(pos++);
            if (c == quote) {
                return out.toString();
            }
            if (c == '\\' && quote == '"') {
                out.append(escape(start));
            } else {
                out.append(c);
            }
        }
        throw error(start, "the string starting here is not closed");
    }

    private String escape(int start) {
        if (pos >= input.length()) {
            throw error(start, "the string starting here is not closed");
        }
        char c = input.charAt(pos++);
        return switch (c) {
            case '"', '\\', '\'' -> String.valueOf(c);
            case 'n' -> "\n";
            case 't' -> "\t";
            case 'r' -> "\r";
            case 'u' -> {
                if (pos + 4 > input.length()) {
                    throw error(pos - 2, "\\u needs four hex digits");
                }
                try {
                    String hex = input.substring(pos, pos + 4);
                    pos += 4;
                    yield String.valueOf((char) Integer.parseInt(hex, 16));
                } catch (NumberFormatException e) {
                    throw error(pos - 6, "\\u needs four hex digits");
                }
            }
            default -> throw error(pos - 2, "unknown escape '\\" + c + "' in a string");
        };
    }

    /** An integer, a float ({@code 1.5}, {@code 2e3}) or, when a unit follows, a duration ({@code 1.5s}, {@code 1h30m}). */
    private Token number(int start) {
        boolean isFloat = false;
        digits();
        if (pos + 1 < input.length() && input.charAt(pos) == '.' && Character.isDigit(input.charAt(pos + 1))) {
            pos++;
            digits();
            isFloat = true;
        }
        if (pos < input.length() && (input.charAt(pos) == 'e' || input.charAt(pos) == 'E') && exponentFollows()) {
            pos++;
            if (input.charAt(pos) == '+' || input.charAt(pos) == '-') {
                pos++;
            }
            digits();
            isFloat = true;
        }
        if (pos < input.length() && (Character.isLetter(input.charAt(pos)))) {
            while (pos < input.length() && (Character.isLetterOrDigit(input.charAt(pos)) || input.charAt(pos) == '.')) {
                pos++;
            }
            String text = input.substring(start, pos);
            return new Token(Kind.DURATION, Long.toString(durationNanos(text, start)), "", start);
        }
        return new Token(isFloat ? Kind.FLOAT : Kind.INTEGER, input.substring(start, pos), "", start);
    }

    private boolean exponentFollows() {
        int at = pos + 1;
        if (at < input.length() && (input.charAt(at) == '+' || input.charAt(at) == '-')) {
            at++;
        }
        return at < input.length() && Character.isDigit(input.charAt(at));
    }

    private void digits() {
        while (pos < input.length() && Character.isDigit(input.charAt(pos))) {
            pos++;
        }
    }

    /** Go's duration syntax (a sequence of decimal numbers with units) plus Prometheus' d and w. */
    private static long durationNanos(String text, int start) {
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < text.length()) {
            int numberStart = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < text.length() && Character.isLetter(text.charAt(i))) {
                i++;
            }
            BigDecimal perUnit = NANOS_PER_UNIT.get(text.substring(unitStart, i));
            if (numberStart == unitStart || perUnit == null) {
                throw error(start, "'" + text + "' is not a duration such as 100ms, 1.5s or 1h30m");
            }
            try {
                total = total.add(new BigDecimal(text.substring(numberStart, unitStart)).multiply(perUnit));
            } catch (NumberFormatException e) {
                throw error(start, "'" + text + "' is not a duration such as 100ms, 1.5s or 1h30m");
            }
        }
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw error(start, "'" + text + "' is too long a duration");
        }
        return total.longValue();
    }

    static TraceQlException error(int position, String message) {
        return new TraceQlException("TraceQL error at position " + (position + 1) + ": " + message);
    }
}
