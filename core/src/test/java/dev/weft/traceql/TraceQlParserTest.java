package dev.weft.traceql;

import dev.weft.model.SpanKind;
import dev.weft.model.StatusCode;
import dev.weft.traceql.Expr.And;
import dev.weft.traceql.Expr.Condition;
import dev.weft.traceql.Expr.Or;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static dev.weft.traceql.Operator.EQ;
import static dev.weft.traceql.Operator.GT;
import static dev.weft.traceql.Operator.GTE;
import static dev.weft.traceql.Operator.LT;
import static dev.weft.traceql.Operator.LTE;
import static dev.weft.traceql.Operator.NEQ;
import static dev.weft.traceql.Operator.NOT_REGEX;
import static dev.weft.traceql.Operator.REGEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceQlParserTest {

    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;

    static Condition c(Field field, Operator op, Value value) {
        return new Condition(field, op, value);
    }

    static Attribute resource(String name) {
        return new Attribute(Scope.RESOURCE, name);
    }

    static Attribute span(String name) {
        return new Attribute(Scope.SPAN, name);
    }

    static Attribute any(String name) {
        return new Attribute(Scope.ANY, name);
    }

    static Value str(String s) {
        return new Value.Str(s);
    }

    static Value regex(String s) {
        return new Value.Regex(Pattern.compile(s));
    }

    @Test
    void theReferenceExamples() {
        assertThat(TraceQl.parse("{}")).isEqualTo(Expr.ALL);
        assertThat(TraceQl.parse("{resource.service.name=\"frontend\" && name=\"GET /api\" && status=error && duration>100ms && duration<5s}"))
                .isEqualTo(new And(new And(new And(new And(
                        c(resource("service.name"), EQ, str("frontend")),
                        c(Intrinsic.NAME, EQ, str("GET /api"))),
                        c(Intrinsic.STATUS, EQ, new Value.StatusValue(StatusCode.ERROR))),
                        c(Intrinsic.DURATION, GT, new Value.Dur(100 * MS))),
                        c(Intrinsic.DURATION, LT, new Value.Dur(5 * S))));
        assertThat(TraceQl.parse("{traceDuration>=1.5s}")).isEqualTo(c(Intrinsic.TRACE_DURATION, GTE, new Value.Dur(1_500 * MS)));
        assertThat(TraceQl.parse("{resource.service.name=~\"cart|checkout\" && span.http.status_code=500 && .http.method=\"GET\"}"))
                .isEqualTo(new And(new And(
                        c(resource("service.name"), REGEX, regex("cart|checkout")),
                        c(span("http.status_code"), EQ, new Value.Int(500))),
                        c(any("http.method"), EQ, str("GET"))));
        assertThat(TraceQl.parse("{(resource.service.name=\"a\" || resource.service.name=\"b\") && kind=server}"))
                .isEqualTo(new And(
                        new Or(c(resource("service.name"), EQ, str("a")), c(resource("service.name"), EQ, str("b"))),
                        c(Intrinsic.KIND, EQ, new Value.KindValue(SpanKind.SERVER))));
    }

    @Test
    void everyOperator() {
        assertThat(TraceQl.parse("{.a = 1 && .a != 1 && .a > 1 && .a >= 1 && .a < 1 && .a <= 1 && .a =~ \"x\" && .a !~ \"x\"}"))
                .isEqualTo(new And(new And(new And(new And(new And(new And(new And(
                        c(any("a"), EQ, new Value.Int(1)), c(any("a"), NEQ, new Value.Int(1))),
                        c(any("a"), GT, new Value.Int(1))), c(any("a"), GTE, new Value.Int(1))),
                        c(any("a"), LT, new Value.Int(1))), c(any("a"), LTE, new Value.Int(1))),
                        c(any("a"), REGEX, regex("x"))), c(any("a"), NOT_REGEX, regex("x"))));
    }

    @Test
    void andBindsTighterThanOrAndParenthesesNest() {
        Condition a = c(any("a"), EQ, new Value.Int(1));
        Condition b = c(any("b"), EQ, new Value.Int(2));
        Condition d = c(any("d"), EQ, new Value.Int(3));
        assertThat(TraceQl.parse("{.a=1 || .b=2 && .d=3}")).isEqualTo(new Or(a, new And(b, d)));
        assertThat(TraceQl.parse("{(.a=1 || .b=2) && .d=3}")).isEqualTo(new And(new Or(a, b), d));
        assertThat(TraceQl.parse("{((.a=1))}")).isEqualTo(a);
        assertThat(TraceQl.parse("{ ( ( .a = 1 ) || ( .b = 2 ) ) }")).isEqualTo(new Or(a, b));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {duration > 10ns}      | 10
            {duration > 10us}      | 10000
            {duration > 10µs}      | 10000
            {duration > 2.5ms}     | 2500000
            {duration > 1.5s}      | 1500000000
            {duration > 2m}        | 120000000000
            {duration > 1h30m}     | 5400000000000
            {duration > 1d}        | 86400000000000
            {duration>.5s}         | -1
            """)
    void durations(String query, long nanos) {
        if (nanos < 0) {
            assertThatThrownBy(() -> TraceQl.parse(query)).isInstanceOf(TraceQlException.class);
            return;
        }
        assertThat(TraceQl.parse(query)).isEqualTo(c(Intrinsic.DURATION, GT, new Value.Dur(nanos)));
    }

    @Test
    void valuesOfEveryType() {
        assertThat(value("{.a = -5}")).isEqualTo(new Value.Int(-5));
        assertThat(value("{.a = 0.25}")).isEqualTo(new Value.Flt(0.25));
        assertThat(value("{.a = -1.5e3}")).isEqualTo(new Value.Flt(-1500));
        assertThat(value("{.a = 2E2}")).isEqualTo(new Value.Flt(200));
        assertThat(value("{.a = true}")).isEqualTo(new Value.Bool(true));
        assertThat(value("{.a = false}")).isEqualTo(new Value.Bool(false));
        assertThat(value("{.a != nil}")).isEqualTo(Value.NIL);
        assertThat(value("{.a = \"say \\\"hi\\\"\\n\\\\ \\u00e9\"}")).isEqualTo(str("say \"hi\"\n\\ é"));
        assertThat(value("{.a = `raw \\d+`}")).isEqualTo(str("raw \\d+"));
        assertThat(value("{.a = frontend}")).as("a bare word is a string").isEqualTo(str("frontend"));
        assertThat(value("{.a = \"\"}")).isEqualTo(str(""));
        assertThat(value("{status = unset}")).isEqualTo(new Value.StatusValue(StatusCode.UNSET));
        assertThat(value("{status != ok}")).isEqualTo(new Value.StatusValue(StatusCode.OK));
        for (SpanKind kind : SpanKind.values()) {
            assertThat(value("{kind = " + kind.name().toLowerCase() + "}")).isEqualTo(new Value.KindValue(kind));
        }
        assertThat(value("{duration > 100}")).as("a number of nanoseconds").isEqualTo(new Value.Int(100));
    }

    @Test
    void fieldsInEveryForm() {
        assertThat(TraceQl.parseField("resource.service.name")).isEqualTo(resource("service.name"));
        assertThat(TraceQl.parseField("span.http.status_code")).isEqualTo(span("http.status_code"));
        assertThat(TraceQl.parseField(".http.method")).isEqualTo(any("http.method"));
        assertThat(TraceQl.parseField("span.k8s-pod/name:x")).isEqualTo(span("k8s-pod/name:x"));
        assertThat(TraceQl.parseField("span.\"has space\"")).isEqualTo(span("has space"));
        for (String[] names : new String[][]{{"duration", "span:duration"}, {"name", "span:name"}, {"status", "span:status"},
                {"statusMessage", "span:statusMessage"}, {"kind", "span:kind"}, {"traceDuration", "trace:duration"},
                {"rootName", "trace:rootName"}, {"rootServiceName", "trace:rootService"}}) {
            assertThat(TraceQl.parseField(names[1])).isEqualTo(TraceQl.parseField(names[0])).isInstanceOf(Intrinsic.class);
        }
        assertThat(TraceQl.parseField("span:id")).isEqualTo(Intrinsic.SPAN_ID);
        assertThat(TraceQl.parseField("trace:id")).isEqualTo(Intrinsic.TRACE_ID);
        assertThat(TraceQl.parse("{span.a.b=\"x\"&&resource.c=\"y\"}")).as("no spaces needed")
                .isEqualTo(new And(c(span("a.b"), EQ, str("x")), c(resource("c"), EQ, str("y"))));
    }

    @Test
    void blankIsEverything() {
        assertThat(TraceQl.parse("")).isEqualTo(Expr.ALL);
        assertThat(TraceQl.parse("  { \n }  ")).isEqualTo(Expr.ALL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '§', textBlock = """
            {.a=1} | count() > 2 => pipelines ('|') are not supported
            {.a=1} | select(span.b) => pipelines ('|') are not supported
            {.a=1 | .b=2} => pipelines ('|') are not supported
            count() > 2 => aggregates and metrics functions ('count')
            {.a=1} >> {.b=2} => structural operator '>>' is not supported
            {.a=1} > {.b=2} => structural operator '>' is not supported
            {.a=1} ~ {.b=2} => structural operator '~' is not supported
            {.a=1} &>> {.b=2} => structural operator '&>>' is not supported
            {.a=1} && {.b=2} => combining spansets with '&&' is not supported
            {.a=1} || {.b=2} => combining spansets with '||' is not supported
            {.a=1} with (most_recent=true) => query hints ('with') are not supported
            {event.name = "x"} => event attributes ('event.') are not supported
            {link.kind = "x"} => link attributes ('link.') are not supported
            {instrumentation.name = "x"} => instrumentation scope attributes ('instrumentation.')
            {parent.name = "x"} => parent attributes ('parent.') are not supported
            {event:name = "x"} => intrinsic 'event:name' is not supported
            {childCount > 1} => intrinsic 'childCount' is not supported
            {span:parentID = "x"} => intrinsic 'span:parentID' is not supported
            {duration + 1s > 2s} => arithmetic ('+') is not supported
            {.a = 1 + 2} => arithmetic ('+') is not supported
            {!(.a = 1)} => negation ('!') is not supported
            {.a = .b} => comparing a field with another field
            {.a = name} => comparing a field with another field
            {avg(duration) > 1s} => aggregates and metrics functions ('avg')
            """)
    void unsupportedConstructsAreNamed(String query, String message) {
        assertThatThrownBy(() -> TraceQl.parse(query)).isInstanceOf(TraceQlException.class)
                .hasMessageStartingWith("unsupported TraceQL at position ").hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '§', textBlock = """
            {.a = 1 => position 8: expected '}' or '&&' or '||', found 'end of query'
            .a = 1 => a query starts with '{'
            {.a} => a condition needs an operator and a value after .a
            {.a = } => expected a value, found '}'
            {.a = "open} => position 7: the string starting here is not closed
            {(.a = 1} => expected ')', found '}'
            {.a = 1 &&} => expected a field
            {foo = 1} => 'foo' is not a field: write an attribute as span.foo
            {resource. = 1} => an attribute name must follow 'resource.'
            {duration > 5parsecs} => '5parsecs' is not a duration
            {.a = 99999999999999999999} => too large a number
            {.a = "\\q"} => unknown escape
            {name =~ "("} => invalid regular expression "("
            {duration =~ "1"} => =~ compares a string field with a quoted regular expression
            {.a =~ 5} => =~ compares a string field with a quoted regular expression
            {status = 1} => status compares with one of ok, error, unset
            {status > error} => a status keyword compares only with = and !=
            {kind = "server"} => kind compares with one of unspecified, internal, server
            {duration > "1s"} => duration compares with a duration such as 100ms
            {name = 5} => name compares with a quoted string
            {.a > true} => a boolean compares only with = and !=
            {.a < nil} => a nil compares only with = and !=
            {span.outcome = error} => 'error' is a keyword of status or kind; quote an attribute value
            {.a = 1} {.b = 2} => more than one spanset is not supported
            {.a = 1} } => unexpected '}' after the spanset
            """)
    void errorsSayWhatAndWhere(String query, String message) {
        assertThatThrownBy(() -> TraceQl.parse(query)).isInstanceOf(TraceQlException.class).hasMessageContaining(message);
    }

    @Test
    void parseFieldRefusesMore() {
        assertThatThrownBy(() -> TraceQl.parseField("span.a = 1")).hasMessageContaining("unexpected '=' after the field span.a");
        assertThatThrownBy(() -> TraceQl.parseField("event.x")).hasMessageContaining("event attributes");
    }

    @Test
    void spanLevelDropsTraceConditionsToASuperset() {
        assertThat(TraceQl.parse("{traceDuration > 1s}").spanLevel()).isEqualTo(Expr.ALL);
        assertThat(TraceQl.parse("{.a = 1 && rootName = \"x\"}").spanLevel()).isEqualTo(c(any("a"), EQ, new Value.Int(1)));
        assertThat(TraceQl.parse("{.a = 1 || rootServiceName = \"x\"}").spanLevel()).isEqualTo(Expr.ALL);
        assertThat(TraceQl.parse("{.a = 1 || .b = 2}").spanLevel()).isEqualTo(TraceQl.parse("{.a = 1 || .b = 2}"));
        assertThat(TraceQl.parse("{.a = 1 && rootName = \"x\"}").needsTrace()).isTrue();
        assertThat(TraceQl.parse("{.a = 1}").needsTrace()).isFalse();
    }

    private static Value value(String query) {
        return ((Condition) TraceQl.parse(query)).value();
    }
}
