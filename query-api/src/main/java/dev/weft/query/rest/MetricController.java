package dev.weft.query.rest;

import dev.weft.query.QueryProperties;
import dev.weft.query.json.MetricPointJson;
import dev.weft.query.params.QueryParameters;
import dev.weft.storage.MetricQuery;
import dev.weft.storage.MetricStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Raw metric points, for inspecting what was ingested; not a query language. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class MetricController {

    private final MetricStore metrics;
    private final QueryProperties properties;

    public MetricController(MetricStore metrics, QueryProperties properties) {
        this.metrics = metrics;
        this.properties = properties;
    }

    public record PointsResult(List<MetricPointJson> points) {
    }

    /** Points of a metric and service whose time is in the range, newest first. */
    @GetMapping("/metrics")
    public PointsResult metrics(@RequestParam(required = false) String name,
                                @RequestParam(required = false) String service,
                                @RequestParam(required = false) String start,
                                @RequestParam(required = false) String end,
                                @RequestParam(required = false) String limit) {
        MetricQuery query = new MetricQuery(QueryParameters.text(name), QueryParameters.text(service),
                QueryParameters.timeRange(start, end, properties.maxSearchWindow()),
                QueryParameters.limit(limit, properties.defaultMetricLimit(), properties.maxMetricLimit()));
        return new PointsResult(metrics.findMetrics(query).stream().map(MetricPointJson::of).toList());
    }
}
