package dev.weft.query.rest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = {"weft.query.default-search-limit=2", "weft.query.max-search-limit=3",
        "weft.query.default-log-limit=1", "weft.query.default-metric-limit=3", "weft.query.max-search-window=1h"})
@AutoConfigureMockMvc
class ConfiguredLimitsTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void defaultLimitsApplyWhenTheRequestHasNone() {
        assertThat(mvc.get().uri("/api/v1/search")).hasStatusOk().bodyJson()
                .extractingPath("$.traces").asArray().hasSize(2);
        assertThat(mvc.get().uri("/api/v1/logs")).hasStatusOk().bodyJson()
                .extractingPath("$.logs").asArray().hasSize(1);
        assertThat(mvc.get().uri("/api/v1/metrics")).hasStatusOk().bodyJson()
                .extractingPath("$.points").asArray().hasSize(3);
    }

    @Test
    void maximumIsEnforced() {
        assertThat(mvc.get().uri("/api/v1/search?limit=3")).hasStatusOk().bodyJson()
                .extractingPath("$.traces").asArray().hasSize(3);
        assertThat(mvc.get().uri("/api/v1/search?limit=4")).hasStatus(400).bodyJson()
                .extractingPath("$.error").isEqualTo("invalid parameter 'limit': must be between 1 and 3, was 4");
    }

    @Test
    void maximumWindowIsEnforcedAndLeavingOutZipkinsLookbackIsNoError() {
        assertThat(mvc.get().uri("/api/v1/search?start=1700000000&end=1700003600")).hasStatusOk();
        assertThat(mvc.get().uri("/api/v1/search?start=1700000000&end=1700003601")).hasStatus(400).bodyJson()
                .extractingPath("$.error").isEqualTo("invalid parameter 'start': the window set by start and end is "
                        + "1h1s, more than the maximum of 1h (weft.query.max-search-window)");
        assertThat(mvc.get().uri("/zipkin/api/v2/traces?serviceName=api")).hasStatusOk();
        assertThat(mvc.get().uri("/zipkin/api/v2/traces?serviceName=api&lookback=3600001")).hasStatus(400)
                .bodyText().contains("the window set by lookback is 1h1ms, more than the maximum of 1h");
    }
}
