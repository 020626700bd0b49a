package dev.weft.storage.memory;

import dev.weft.storage.StorageComponent;
import dev.weft.storage.StorageContractTest;
import dev.weft.storage.TraceQuery;
import dev.weft.storage.TraceSummary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.weft.testing.TestTelemetry.MS;
import static dev.weft.testing.TestTelemetry.T0;
import static dev.weft.testing.TestTelemetry.log;
import static dev.weft.testing.TestTelemetry.span;
import static dev.weft.testing.TestTelemetry.spanId;
import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

class InMemoryStorageTest extends StorageContractTest {

    @Override
    protected StorageComponent emptyStorage() {
        return new InMemoryStorage(1_000, 1_000, 1_000);
    }

    @Test
    void evictsOldestTracesFirstPastTheSpanBound() {
        InMemoryStorage small = new InMemoryStorage(4, 10, 10);
        for (int t = 1; t <= 3; t++) {
            small.spanConsumer().accept(List.of(
                    span(traceId(t), spanId(t * 10), "", "api", "root", T0 + t * MS, MS),
                    span(traceId(t), spanId(t * 10 + 1), spanId(t * 10), "api", "child", T0 + t * MS, MS)));
        }

        assertThat(small.spanCount()).isEqualTo(4);
        assertThat(small.spanStore().getTrace(traceId(1))).isEmpty();
        assertThat(small.spanStore().searchTraces(TraceQuery.all(10))).extracting(TraceSummary::traceId)
                .containsExactly(traceId(3), traceId(2));
    }

    @Test
    void operationNamesDisappearWithTheirLastSpan() {
        InMemoryStorage small = new InMemoryStorage(1, 10, 10);
        small.spanConsumer().accept(List.of(span(traceId(1), spanId(1), "", "old-service", "op", T0, MS)));
        small.spanConsumer().accept(List.of(span(traceId(2), spanId(2), "", "new-service", "op", T0, MS)));

        assertThat(small.spanStore().serviceNames()).containsExactly("new-service");
    }

    @Test
    void dropsOldestLogRecordsPastTheLogBound() {
        InMemoryStorage small = new InMemoryStorage(10, 2, 10);
        small.logConsumer().accept(List.of(log("a", T0, 9, "1", "", ""), log("a", T0 + 1, 9, "2", "", ""),
                log("a", T0 + 2, 9, "3", "", "")));

        assertThat(small.logStore().findLogs(dev.weft.storage.LogQuery.all(10)))
                .extracting(l -> l.body().asText()).containsExactly("3", "2");
    }
}
