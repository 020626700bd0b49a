package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.endpoints.BinaryEndpoint;
import co.elastic.clients.transport.endpoints.BinaryResponse;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import dev.weft.storage.LogConsumer;
import dev.weft.storage.LogStore;
import dev.weft.storage.MetricConsumer;
import dev.weft.storage.MetricStore;
import dev.weft.storage.SpanConsumer;
import dev.weft.storage.SpanStore;
import dev.weft.storage.StorageComponent;
import dev.weft.storage.elasticsearch.DailyIndices.Signal;
import dev.weft.traceql.TraceQlSearcher;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.elasticsearch.core.ElasticsearchOperations;
import org.springframework.data.elasticsearch.core.IndexInformation;
import org.springframework.data.elasticsearch.core.IndexOperations;
import org.springframework.data.elasticsearch.core.document.Document;
import org.springframework.data.elasticsearch.core.index.PutIndexTemplateRequest;
import org.springframework.data.elasticsearch.core.index.Settings;
import org.springframework.data.elasticsearch.core.mapping.IndexCoordinates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Spans, log records and metric points in Elasticsearch 9: daily indices from composable index
 * templates, a bulk writer, time-bounded searches and retention by deleting whole daily indices.
 * See the module README for the mappings and why they are what they are.
 *
 * <p>Obtain one with {@link #start}, which checks the server and installs the templates before
 * anything is written, so a misconfigured deployment fails at start-up rather than at first write.
 */
public final class ElasticsearchStorage implements StorageComponent {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchStorage.class);
    /** Soon after start, so that a Weft restarted more often than the check interval still deletes. */
    private static final Duration FIRST_RETENTION_RUN = Duration.ofMinutes(1);

    private final ElasticsearchClient client;
    private final ElasticsearchOperations operations;
    private final ElasticsearchStorageProperties properties;
    private final DailyIndices indices;
    private final ScheduledExecutorService scheduler;
    private final BulkWriter writer;
    private final ElasticsearchSpanStore spans;
    private final ElasticsearchLogStore logs;
    private final ElasticsearchMetricStore metrics;
    private final ElasticsearchTraceQlSearcher traceQl;

    private ElasticsearchStorage(ElasticsearchClient client, ElasticsearchOperations operations,
                                 ElasticsearchStorageProperties properties) {
        this.client = client;
        this.operations = operations;
        this.properties = properties;
        this.indices = new DailyIndices(properties.indexPrefix());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("weft-es-scheduler").daemon().factory());
        this.writer = new BulkWriter(client, properties.bulk(), scheduler);
        Searches searches = new Searches(operations);
        this.spans = new ElasticsearchSpanStore(indices, writer, searches);
        this.logs = new ElasticsearchLogStore(indices, writer, searches);
        this.metrics = new ElasticsearchMetricStore(indices, writer, searches);
        this.traceQl = new ElasticsearchTraceQlSearcher(indices, searches, spans);
    }

    /**
     * Checks that the server is reachable and runs Elasticsearch 9, installs (or updates) the index
     * templates, and starts the bulk writer and the retention job.
     *
     * @param client     the client the bulk writer uses
     * @param operations Spring Data's operations over the same cluster, for templates, searches and retention
     * @throws IllegalStateException when the server is unreachable or not Elasticsearch 9
     */
    public static ElasticsearchStorage start(ElasticsearchClient client, ElasticsearchOperations operations,
                                             ElasticsearchStorageProperties properties) {
        requireVersion9(client);
        installTemplates(operations, properties);
        ElasticsearchStorage storage = new ElasticsearchStorage(client, operations, properties);
        storage.createIndicesAhead(Instant.now());
        long check = properties.retentionCheck().toMillis();
        storage.scheduler.scheduleWithFixedDelay(storage::applyRetention, Math.min(check, FIRST_RETENTION_RUN.toMillis()),
                check, TimeUnit.MILLISECONDS);
        storage.scheduler.scheduleWithFixedDelay(() -> storage.createIndicesAhead(Instant.now()), 1, 1, TimeUnit.HOURS);
        return storage;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public SpanConsumer spanConsumer() {
        return spans;
    }

    @Override
    public SpanStore spanStore() {
        return spans;
    }

    @Override
    public LogConsumer logConsumer() {
        return logs;
    }

    @Override
    public LogStore logStore() {
        return logs;
    }

    @Override
    public MetricConsumer metricConsumer() {
        return metrics;
    }

    @Override
    public MetricStore metricStore() {
        return metrics;
    }

    @Override
    public TraceQlSearcher traceQlSearcher() {
        return traceQl;
    }

    /**
     * Makes everything written so far searchable now rather than at the next refresh interval. For
     * tests and tools: each call costs Elasticsearch a new segment per index.
     */
    public void refresh() {
        try {
            List<String> patterns = Arrays.stream(Signal.values()).map(indices::pattern).toList();
            client.indices().refresh(r -> r.index(patterns).ignoreUnavailable(true).allowNoIndices(true));
        } catch (IOException e) {
            throw new UncheckedIOException("refresh failed", e);
        }
    }

    /**
     * Deletes the daily indices of this prefix whose whole day ended more than the retention ago, so
     * nothing younger than the retention is lost. Returns their names.
     */
    public List<String> deleteExpiredIndices(Instant now) {
        LocalDate firstKept = LocalDate.ofInstant(now.minus(properties.retention()), ZoneOffset.UTC);
        List<String> deleted = new ArrayList<>();
        for (Signal signal : Signal.values()) {
            for (IndexInformation index : operations.indexOps(IndexCoordinates.of(indices.pattern(signal))).getInformation()) {
                String name = index.getName();
                if (indices.dayOf(name).filter(day -> day.isBefore(firstKept)).isPresent()
                        && operations.indexOps(IndexCoordinates.of(name)).delete()) {
                    deleted.add(name);
                }
            }
        }
        return deleted;
    }

    /**
     * Creates today's and tomorrow's indices of every signal, if missing. Left to the first bulk
     * write, an index is created while a search may already name it: the search then fails on a
     * shard not yet started, since writes are acknowledged before they are stored (the collector's
     * log). Creating a day ahead, from the templates, keeps creation away from both.
     */
    void createIndicesAhead(Instant now) {
        for (Signal signal : Signal.values()) {
            for (Instant day : List.of(now, now.plus(Duration.ofDays(1)))) {
                String name = indices.name(signal, day.getEpochSecond() * 1_000_000_000L);
                try {
                    if (!client.indices().exists(e -> e.index(name)).value()) {
                        client.indices().create(c -> c.index(name));
                    }
                } catch (ElasticsearchException e) {
                    if (!"resource_already_exists_exception".equals(e.error().type())) { // another Weft was first
                        log.warn("Cannot create index {} ahead of time; the first write will: {}", name, e.getMessage());
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("Cannot create index {} ahead of time; the first write will: {}", name, e.toString());
                }
            }
        }
    }

    private void applyRetention() {
        try {
            List<String> deleted = deleteExpiredIndices(Instant.now());
            if (!deleted.isEmpty()) {
                log.info("Retention of {} deleted {}", properties.retention(), deleted);
            }
        } catch (RuntimeException e) { // keep the schedule alive: the next run may well succeed
            if (!scheduler.isShutdown()) {
                log.warn("Retention run failed; retrying in {}", properties.retentionCheck(), e);
            }
        }
    }

    /** Writes out what is pending, then stops the writer and the retention job. */
    @Override
    public void close() {
        writer.close();
        scheduler.shutdownNow();
    }

    /**
     * One composable template per signal, put on every start: putting is idempotent, and a changed
     * setting (replicas, refresh interval) reaches the next daily index without a manual step. Fields
     * added to a mapping are also put on the signal's existing indices, which a strict mapping would
     * otherwise make refuse the new documents until the next day's index.
     */
    private static void installTemplates(ElasticsearchOperations operations, ElasticsearchStorageProperties properties) {
        DailyIndices indices = new DailyIndices(properties.indexPrefix());
        Settings settings = new Settings(Map.of(
                "index.number_of_shards", properties.shards(),
                "index.number_of_replicas", properties.replicas(),
                "index.refresh_interval", properties.refreshInterval().toMillis() + "ms"));
        for (Signal signal : Signal.values()) {
            IndexOperations signalIndices = operations.indexOps(IndexCoordinates.of(indices.pattern(signal)));
            Document mapping = Document.parse(mappings(signal));
            signalIndices.putIndexTemplate(PutIndexTemplateRequest.builder()
                    .withName(templateName(properties.indexPrefix(), signal))
                    .withIndexPatterns(indices.pattern(signal))
                    .withSettings(settings)
                    .withMapping(mapping)
                    .build());
            if (!signalIndices.getInformation().isEmpty()) {
                signalIndices.putMapping(mapping);
            }
        }
    }

    static String templateName(String prefix, Signal signal) {
        return prefix + signal.id();
    }

    private static String mappings(Signal signal) {
        try {
            return new ClassPathResource(signal.id() + "-mappings.json", ElasticsearchStorage.class)
                    .getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the version from {@code GET /_nodes/_local}, as raw JSON: {@code GET /} would be simpler
     * but answers 405 in the minimal distribution, and the client's typed node info insists on
     * settings that a node need not report.
     */
    private static void requireVersion9(ElasticsearchClient client) {
        var endpoint = new BinaryEndpoint<Void>("weft.nodes.version", r -> "GET", r -> "/_nodes/_local",
                r -> Map.of(), r -> Map.of("filter_path", "nodes.*.version"), r -> Map.of(), false, null);
        String version;
        try (BinaryResponse response = client._transport().performRequest(null, endpoint, client._transportOptions());
             JsonReader reader = JsonProvider.provider().createReader(response.content())) {
            version = reader.readObject().getJsonObject("nodes").values().stream()
                    .map(node -> node.asJsonObject().getString("version")).findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Elasticsearch at " + hosts(client) + " is unreachable (" + e.getMessage()
                    + "). Start it, or point spring.elasticsearch.uris (SPRING_ELASTICSEARCH_URIS) at it, with "
                    + "spring.elasticsearch.username/password if it needs them.", e);
        }
        if (!version.startsWith("9.")) {
            throw new IllegalStateException("Elasticsearch at " + hosts(client) + " runs version " + version
                    + "; Weft needs Elasticsearch 9.x.");
        }
    }

    private static String hosts(ElasticsearchClient client) {
        return client._transport() instanceof Rest5ClientTransport t
                ? t.restClient().getNodes().stream().map(n -> n.getHost().toURI()).toList().toString()
                : "the configured address";
    }
}
