package dev.weft.storage.elasticsearch;

/**
 * Translates a TraceQL regular expression (Java's syntax, close to Go's RE2) into the Lucene syntax
 * of Elasticsearch's {@code regexp} query, for the patterns where both mean the same. Both match
 * the whole value. Only a conservative subset is translated: literals, {@code .}, classes
 * {@code [...]}, {@code \d}, {@code \w}, groups, alternation and greedy or lazy quantifiers (which
 * match the same whole values); a leading {@code ^} and trailing {@code $} are dropped, being
 * implied. Anything else (flags such as {@code (?i)}, lookaround, {@code \b}, possessive
 * quantifiers, other escapes) returns null, and the caller falls back to a looser query.
 */
final class LuceneRegexp {

    private static final String LUCENE_SPECIAL = ".?+*|{}[]()\"\\#@&<>~";

    private final String pattern;
    private final StringBuilder out = new StringBuilder();
    private int pos;

    private LuceneRegexp(String pattern) {
        this.pattern = pattern;
    }

    /** The Lucene form of the pattern, or null when it uses anything outside the subset. */
    static String translate(String pattern) {
        String body = pattern;
        if (body.startsWith("^")) {
            body = body.substring(1);
        }
        if (body.endsWith("$") && !body.endsWith("\\$")) {
            body = body.substring(0, body.length() - 1);
        }
        return new LuceneRegexp(body).run();
    }

    private String run() {
        while (pos < pattern.length()) {
            char c = pattern.charAt(pos++);
            boolean ok = switch (c) {
                case '\\' -> escape(false);
                case '[' -> charClass();
                case '(' -> group();
                case ')', '|', '.' -> append(c);
                case '*', '+', '?' -> quantifier(String.valueOf(c));
                case '{' -> repetition();
                case '^', '$' -> false;
                default -> literal(c);
            };
            if (!ok) {
                return null;
            }
        }
        return out.toString();
    }

    private boolean append(char c) {
        out.append(c);
        return true;
    }

    private boolean literal(char c) {
        if (LUCENE_SPECIAL.indexOf(c) >= 0) {
            out.append('\\');
        }
        out.append(c);
        return true;
    }

    /** After a quantifier: a lazy {@code ?} matches the same whole values and is dropped; a possessive {@code +} does not. */
    private boolean quantifier(String quantifier) {
        out.append(quantifier);
        if (pos < pattern.length() && pattern.charAt(pos) == '?') {
            pos++;
        }
        return pos >= pattern.length() || pattern.charAt(pos) != '+';
    }

    private boolean repetition() {
        int close = pattern.indexOf('}', pos);
        if (close < 0 || !pattern.substring(pos, close).matches("\\d+(,\\d*)?")) {
            return false;
        }
        String bounds = pattern.substring(pos, close);
        pos = close + 1;
        return quantifier("{" + bounds + "}");
    }

    private boolean group() {
        if (pattern.startsWith("?:", pos)) {
            pos += 2;
        } else if (pos < pattern.length() && pattern.charAt(pos) == '?') {
            return false;
        }
        out.append('(');
        return true;
    }

    /** An escape outside or inside a class: an escaped symbol is a literal, {@code \d} and {@code \w} are classes. */
    private boolean escape(boolean inClass) {
        if (pos >= pattern.length()) {
            return false;
        }
        char c = pattern.charAt(pos++);
        if (c == 'd' || c == 'w') {
            String range = c == 'd' ? "0-9" : "a-zA-Z0-9_";
            out.append(inClass ? range : "[" + range + "]");
            return true;
        }
        if (Character.isLetterOrDigit(c)) {
            return false;
        }
        out.append('\\').append(c);
        return true;
    }

    private boolean charClass() {
        out.append('[');
        if (pos < pattern.length() && pattern.charAt(pos) == '^') {
            out.append('^');
            pos++;
        }
        boolean first = true;
        while (pos < pattern.length()) {
            char c = pattern.charAt(pos++);
            if (c == ']' && !first) {
                out.append(']');
                return true;
            }
            first = false;
            if (c == '\\') {
                if (!escape(true)) {
                    return false;
                }
            } else if (c == '[' || c == '&' && pos < pattern.length() && pattern.charAt(pos) == '&') {
                return false; // nested classes and intersections
            } else if (c == '-' || Character.isLetterOrDigit(c)) {
                out.append(c);
            } else {
                out.append('\\').append(c);
            }
        }
        return false;
    }
}
