package dev.weft.storage.elasticsearch;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import dev.weft.model.MetricPoint;
import dev.weft.storage.MetricConsumer;
import dev.weft.storage.MetricQuery;
import dev.weft.storage.MetricStore;
import dev.weft.storage.elasticsearch.DailyIndices.Signal;
import dev.weft.storage.elasticsearch.Searches.StoredItem;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.storage.elasticsearch.Documents.NAME;
import static dev.weft.storage.elasticsearch.Documents.OTLP;
import static dev.weft.storage.elasticsearch.Documents.SERVICE;
import static dev.weft.storage.elasticsearch.Documents.TIME;
import static dev.weft.storage.elasticsearch.Searches.term;

/** Metric points in {@code <prefix>metrics-YYYY.MM.DD}, by the day of the point's time. */
final class ElasticsearchMetricStore implements MetricConsumer, MetricStore {

    private final DailyIndices indices;
    private final BulkWriter writer;
    private final Searches searches;

    ElasticsearchMetricStore(DailyIndices indices, BulkWriter writer, Searches searches) {
        this.indices = indices;
        this.writer = writer;
        this.searches = searches;
    }

    @Override
    public void accept(List<MetricPoint> points) {
        writer.write(Documents.metrics(indices, points));
    }

    @Override
    public List<MetricPoint> findMetrics(MetricQuery q) {
        List<Query> filters = new ArrayList<>();
        if (q.metricName() != null) {
            filters.add(term(NAME, q.metricName()));
        }
        if (q.serviceName() != null) {
            filters.add(term(SERVICE, q.serviceName()));
        }
        Searches.addTime(filters, TIME, q.timeRange());
        return searches.page(Searches.query(Searches.all(filters), OTLP).withSort(Searches.newestFirst(TIME)), q.limit(),
                StoredItem.class, indices.names(Signal.METRICS, q.timeRange()), stored -> Documents.metric(stored.otlp()));
    }
}
