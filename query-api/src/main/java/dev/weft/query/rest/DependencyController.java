package dev.weft.query.rest;

import dev.weft.correlation.analysis.ServiceGraph;
import dev.weft.correlation.analysis.ServiceGraphBuilder;
import dev.weft.query.QueryProperties;
import dev.weft.query.json.JsonValues;
import dev.weft.query.params.QueryParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The service graph of a time range, with the async edges no other trace backend draws. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class DependencyController {

    private final ServiceGraphBuilder graphs;
    private final QueryProperties properties;

    public DependencyController(ServiceGraphBuilder graphs, QueryProperties properties) {
        this.graphs = graphs;
        this.properties = properties;
    }

    public record Dependencies(List<ServiceGraph.Node> nodes, List<EdgeJson> edges) {
    }

    public record PercentilesJson(String p50, String p95, String p99) {
        static PercentilesJson of(ServiceGraph.Percentiles p) {
            return p == null ? null : new PercentilesJson(JsonValues.nanos(p.p50()), JsonValues.nanos(p.p95()),
                    JsonValues.nanos(p.p99()));
        }
    }

    /** An edge with nanosecond percentiles as strings, like every duration of the API. */
    public record EdgeJson(String parent, String child, String kind, String destination, long callCount, long errorCount,
                           PercentilesJson latencyNanos, PercentilesJson queueLagNanos) {
    }

    @GetMapping("/dependencies")
    public Dependencies dependencies(@RequestParam(required = false) String start,
                                     @RequestParam(required = false) String end) {
        ServiceGraph graph = graphs.build(QueryParameters.timeRange(start, end, properties.maxSearchWindow()));
        return new Dependencies(graph.nodes(), graph.edges().stream().map(e -> new EdgeJson(e.parent(), e.child(), e.kind(),
                e.destination(), e.callCount(), e.errorCount(), PercentilesJson.of(e.latency()),
                PercentilesJson.of(e.queueLag()))).toList());
    }
}
