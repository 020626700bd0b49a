package dev.weft.storage.postgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.weft.testing.TestTelemetry.traceId;
import static org.assertj.core.api.Assertions.assertThat;

class PostgresJourneyStoreTest {

    private static MigratedDatabase db;
    private final long now = System.currentTimeMillis() * 1_000_000L;
    private PostgresJourneyStore journeys;

    @BeforeAll
    static void createDatabase() {
        db = MigratedDatabase.create();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void emptyStore() {
        db.truncate();
        journeys = new PostgresJourneyStore(db.dataSource, db.partitions(Clock.systemUTC()));
    }

    @Test
    void aSavedJourneyIsFoundByIdAndByEveryMemberTrace() {
        StoredJourney journey = new StoredJourney(traceId(1), now, false, Set.of(traceId(1), traceId(2), traceId(3)));
        journeys.save(journey);

        assertThat(journeys.find(traceId(1))).contains(journey);
        assertThat(journeys.journeyIdsOf(traceId(3))).containsExactly(traceId(1));
        assertThat(journeys.find(traceId(2))).isEmpty();
        assertThat(journeys.journeyIdsOf(traceId(9))).isEmpty();
    }

    @Test
    void aTraceReachedFromSeveralOriginsBelongsToEachJourney() {
        String batchConsumer = traceId(100);
        for (int origin = 1; origin <= 3; origin++) {
            journeys.save(new StoredJourney(traceId(origin), now + origin, false, Set.of(traceId(origin), batchConsumer)));
        }

        assertThat(journeys.journeyIdsOf(batchConsumer)).containsExactly(traceId(1), traceId(2), traceId(3));
        assertThat(journeys.find(traceId(2)).orElseThrow().traceIds()).containsExactlyInAnyOrder(traceId(2), batchConsumer);
    }

    @Test
    void savingAgainReplacesTheMembersAndTheStart() {
        journeys.save(new StoredJourney(traceId(1), now, false, Set.of(traceId(1), traceId(2))));
        // a late edge moved the start back a few days, the journey hit its size limit and lost trace 2
        StoredJourney reshaped = new StoredJourney(traceId(1), now - 3 * PartitionMaintenance.NANOS_PER_DAY, true,
                Set.of(traceId(1), traceId(3)));
        journeys.save(reshaped);

        assertThat(journeys.find(traceId(1))).contains(reshaped);
        assertThat(journeys.journeyIdsOf(traceId(2))).isEmpty();
        assertThat(db.jdbc.queryForObject("SELECT count(*) FROM journeys", Integer.class)).isEqualTo(1);
    }

    @Test
    void concurrentSavesOfOneJourneyLeaveOneVersion() throws Exception {
        List<Future<?>> saves = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 40; i++) {
                StoredJourney version = new StoredJourney(traceId(1), now - i * 1_000_000_000L, false, Set.of(traceId(1), traceId(i + 2)));
                saves.add(pool.submit(() -> journeys.save(version)));
            }
        }
        for (Future<?> save : saves) {
            save.get();
        }

        assertThat(db.jdbc.queryForObject("SELECT count(*) FROM journeys", Integer.class)).isEqualTo(1);
        assertThat(db.jdbc.queryForObject("SELECT count(*) FROM journey_traces", Integer.class)).isEqualTo(2);
    }

    @Test
    void deleteRemovesTheJourneyAndItsMembers() {
        journeys.save(new StoredJourney(traceId(1), now, false, Set.of(traceId(1), traceId(2))));

        assertThat(journeys.delete(traceId(1))).isTrue();
        assertThat(journeys.delete(traceId(1))).isFalse();
        assertThat(journeys.find(traceId(1))).isEmpty();
        assertThat(journeys.journeyIdsOf(traceId(2))).isEmpty();
    }

    @Test
    void aJourneyFarInThePastIsStoredInTheDefaultPartition() {
        StoredJourney ancient = new StoredJourney(traceId(1), 1_000L, false, Set.of(traceId(1)));
        journeys.save(ancient);

        assertThat(journeys.find(traceId(1))).contains(ancient);
        assertThat(db.jdbc.queryForObject("SELECT tableoid::regclass::text FROM journey_traces", String.class))
                .isEqualTo("journey_traces_default");
    }
}
