package dev.weft.model;

/**
 * What a metric is, shared by all of its points. {@code temporality} and {@code monotonic}
 * only mean something for the types that carry them in OTLP (sum, histograms).
 */
public record MetricDescriptor(String name, String description, String unit, MetricType type,
                               AggregationTemporality temporality, boolean monotonic, Attributes metadata) {

    public MetricDescriptor {
        description = description == null ? "" : description;
        unit = unit == null ? "" : unit;
        temporality = temporality == null ? AggregationTemporality.UNSPECIFIED : temporality;
        metadata = metadata == null ? Attributes.empty() : metadata;
    }
}
