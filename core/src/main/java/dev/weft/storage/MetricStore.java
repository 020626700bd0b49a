package dev.weft.storage;

import dev.weft.model.MetricPoint;

import java.util.List;

public interface MetricStore {

    /** Metric points matching every condition of the query, newest first. */
    List<MetricPoint> findMetrics(MetricQuery query);
}
