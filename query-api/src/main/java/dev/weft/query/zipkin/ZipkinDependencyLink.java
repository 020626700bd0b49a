package dev.weft.query.zipkin;

import dev.weft.correlation.analysis.ServiceGraph;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Zipkin's dependency link. Zipkin and Jaeger know one edge per service pair, so the sync and
 * async edges of Weft's service graph (async ones once per destination) are summed into it;
 * Jaeger's link is this without {@code errorCount}.
 */
public record ZipkinDependencyLink(String parent, String child, long callCount, long errorCount) {

    private record Pair(String parent, String child) {
    }

    /** One link per parent/child pair of the graph, ordered by parent, then child. */
    public static List<ZipkinDependencyLink> of(ServiceGraph graph) {
        Map<Pair, ZipkinDependencyLink> links = new TreeMap<>(
                Comparator.comparing(Pair::parent).thenComparing(Pair::child));
        for (ServiceGraph.Edge edge : graph.edges()) {
            links.merge(new Pair(edge.parent(), edge.child()),
                    new ZipkinDependencyLink(edge.parent(), edge.child(), edge.callCount(), edge.errorCount()),
                    (a, b) -> new ZipkinDependencyLink(a.parent, a.child, a.callCount + b.callCount,
                            a.errorCount + b.errorCount));
        }
        return List.copyOf(links.values());
    }
}
