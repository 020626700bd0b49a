package dev.weft.storage;

import dev.weft.model.MetricPoint;

import java.util.List;

public interface MetricConsumer {

    void accept(List<MetricPoint> points);
}
