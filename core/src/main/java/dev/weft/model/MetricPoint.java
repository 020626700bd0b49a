package dev.weft.model;

/** One metric data point with its metric, resource and scope, flattened for storage. */
public record MetricPoint(MetricDescriptor metric, PointData point, Resource resource, InstrumentationScope scope) {

    public MetricPoint {
        resource = resource == null ? Resource.EMPTY : resource;
        scope = scope == null ? InstrumentationScope.EMPTY : scope;
    }

    public String serviceName() {
        return resource.serviceName();
    }
}
