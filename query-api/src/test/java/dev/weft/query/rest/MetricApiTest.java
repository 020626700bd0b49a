package dev.weft.query.rest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.json.AbstractJsonContentAssert;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static dev.weft.query.Fixtures.ROOT_A;
import static dev.weft.query.Fixtures.TRACE_A;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@AutoConfigureMockMvc
class MetricApiTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void sumPointWithExemplar() {
        ok("/api/v1/metrics?name=requests").isStrictlyEqualTo("""
                {"points": [{"name": "requests", "description": "requests description", "unit": "1", "type": "SUM",
                             "temporality": "CUMULATIVE", "monotonic": true, "resource": {"service.name": "api"},
                             "scope": {"name": "io.opentelemetry.servlet", "version": "2.1.0",
                                       "attributes": {"scope.flavour": "vanilla"}},
                             "attributes": {"route": "/orders"}, "startTimeUnixNano": "1699999999000000000",
                             "timeUnixNano": "1700000001000000000", "flags": 1, "value": 42,
                             "exemplars": [{"timeUnixNano": "1700000000999000000", "value": "9007199254740993",
                                            "traceId": "%s", "spanId": "%s", "filteredAttributes": {}}]}]}
                """.formatted(TRACE_A, ROOT_A));
    }

    @Test
    void gaugeValueIsADouble() {
        AbstractJsonContentAssert<?> json = ok("/api/v1/metrics?name=cpu.usage");
        json.extractingPath("$.points[0].value").asNumber().isEqualTo(0.5);
        json.extractingPath("$.points[0].attributes.cpu").asNumber().isEqualTo(0);
    }

    @Test
    void histogramLeavesOutTheMinAndMaxItWasNotSent() {
        AbstractJsonContentAssert<?> json = ok("/api/v1/metrics?name=latency");
        json.isLenientlyEqualTo("""
                {"points": [{"type": "HISTOGRAM", "temporality": "DELTA", "count": 3, "sum": 6.0,
                             "bucketCounts": [1, 2], "explicitBounds": [5.0], "exemplars": []}]}""");
        json.doesNotHavePath("$.points[0].min").doesNotHavePath("$.points[0].max").doesNotHavePath("$.points[0].value");
    }

    @Test
    void exponentialHistogram() {
        ok("/api/v1/metrics?name=latency.exp").isLenientlyEqualTo("""
                {"points": [{"type": "EXPONENTIAL_HISTOGRAM", "count": 4, "sum": 10.0, "min": 0.5, "max": 4.0,
                             "scale": 2, "zeroCount": 1, "zeroThreshold": 0.001,
                             "positive": {"offset": -1, "bucketCounts": [1, 2]},
                             "negative": {"offset": 0, "bucketCounts": []}}]}""");
    }

    @Test
    void summary() {
        ok("/api/v1/metrics?name=gc.pause").isLenientlyEqualTo("""
                {"points": [{"type": "SUMMARY", "count": 2, "sum": 30.0,
                             "quantileValues": [{"quantile": 0.5, "value": 10.0}, {"quantile": 1.0, "value": 20.0}]}]}""");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
                                              | gc.pause,latency.exp,latency,requests,cpu.usage
            name=requests                     | requests
            service=billing                   | latency
            service=api                       | gc.pause,requests,cpu.usage
            name=latency&service=api          |
            start=1700000002&end=1700000003   | latency.exp,latency
            start=2023-11-14T22:13:23Z        | gc.pause,latency.exp
            end=1700000001000000              | requests,cpu.usage
            limit=2                           | gc.pause,latency.exp
            """)
    void filters(String query, String expected) {
        ok("/api/v1/metrics?" + (query == null ? "" : query)).extractingPath("$.points[*].name").asArray()
                .containsExactly((Object[]) (expected == null ? new String[0] : expected.split(",")));
    }

    private AbstractJsonContentAssert<?> ok(String uri) {
        return assertThat(mvc.get().uri(uri)).hasStatusOk().bodyJson();
    }
}
