package dev.weft.query.zipkin;

import dev.weft.correlation.analysis.ServiceGraphBuilder;
import dev.weft.model.Span;
import dev.weft.model.StatusCode;
import dev.weft.query.QueryProperties;
import dev.weft.query.params.InvalidParameterException;
import dev.weft.query.params.QueryParameters;
import dev.weft.storage.SpanStore;
import dev.weft.storage.TraceQuery;
import dev.weft.storage.TraceSummary;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Zipkin's v2 query API, as Grafana's Zipkin datasource and the Zipkin UI call it, over the
 * same storage as Weft's own API.
 */
@RestController
@RequestMapping(path = "/zipkin/api/v2", produces = "application/json")
public class ZipkinController {

    /** Zipkin's default number of traces a search returns. */
    private static final int DEFAULT_LIMIT = 10;

    private final SpanStore spans;
    private final ServiceGraphBuilder graphs;
    private final QueryProperties properties;

    public ZipkinController(SpanStore spans, ServiceGraphBuilder graphs, QueryProperties properties) {
        this.spans = spans;
        this.graphs = graphs;
        this.properties = properties;
    }

    @GetMapping("/services")
    public List<String> services() {
        return spans.serviceNames();
    }

    @GetMapping("/spans")
    public List<String> spanNames(@RequestParam(required = false) String serviceName) {
        return spans.operationNames(ZipkinParameters.required("serviceName", serviceName));
    }

    /**
     * Always empty: storage indexes no remote endpoints, and Zipkin allows an empty answer, which
     * its UI shows as "no remote services".
     */
    @GetMapping("/remoteServices")
    public List<String> remoteServices(@RequestParam(required = false) String serviceName) {
        ZipkinParameters.required("serviceName", serviceName);
        return List.of();
    }

    /**
     * Traces with a span meeting every condition, newest first. Zipkin's UI sends
     * {@code spanName=all} for any span name; {@code annotationQuery} is Zipkin's
     * {@code key=value and error} syntax.
     */
    @GetMapping("/traces")
    public List<List<ZipkinSpan>> traces(@RequestParam(required = false) String serviceName,
                                         @RequestParam(required = false) String spanName,
                                         @RequestParam(required = false) String annotationQuery,
                                         @RequestParam(required = false) String minDuration,
                                         @RequestParam(required = false) String maxDuration,
                                         @RequestParam(required = false) String endTs,
                                         @RequestParam(required = false) String lookback,
                                         @RequestParam(required = false) String limit) {
        Long min = ZipkinParameters.micros("minDuration", minDuration);
        Long max = ZipkinParameters.micros("maxDuration", maxDuration);
        if (min != null && max != null && max < min) {
            throw new InvalidParameterException("maxDuration", "must not be below minDuration");
        }
        String name = QueryParameters.text(spanName);
        TraceQuery query = annotationQuery(new TraceQuery(QueryParameters.text(serviceName),
                "all".equals(name) ? null : name, null, min, max,
                ZipkinParameters.window(endTs, lookback, properties.maxSearchWindow()),
                QueryParameters.limit(limit, Math.min(DEFAULT_LIMIT, properties.maxSearchLimit()),
                        properties.maxSearchLimit()), Map.of()), annotationQuery);
        List<String> ids = spans.searchTraces(query).stream().map(TraceSummary::traceId).toList();
        Map<String, List<Span>> traces = spans.getTraces(ids);
        return ids.stream().filter(traces::containsKey)
                .map(id -> traces.get(id).stream().map(ZipkinSpan::of).toList()).toList();
    }

    /** The spans of one trace; the id may be 64-bit or have its leading zeros stripped. */
    @GetMapping("/trace/{traceId}")
    public List<ZipkinSpan> trace(@PathVariable String traceId) {
        String id = QueryParameters.traceId("traceId", traceId);
        List<ZipkinSpan> trace = spans.getTrace(id).stream().map(ZipkinSpan::of).toList();
        if (trace.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "trace " + id + " not found");
        }
        return trace;
    }

    @GetMapping("/dependencies")
    public List<ZipkinDependencyLink> dependencies(@RequestParam(required = false) String endTs,
                                                   @RequestParam(required = false) String lookback) {
        return ZipkinDependencyLink.of(
                graphs.build(ZipkinParameters.window(endTs, lookback, properties.maxSearchWindow())));
    }

    /**
     * Adds the {@code and}-separated terms of Zipkin's {@code annotationQuery} to the query. The
     * tags Weft derives from the status ({@code error}, {@code otel.status_code}) become a status
     * condition; a bare term other than {@code error} would need a search over annotations,
     * which storage does not index.
     */
    private static TraceQuery annotationQuery(TraceQuery query, String annotationQuery) {
        String text = QueryParameters.text(annotationQuery);
        if (text == null) {
            return query;
        }
        Map<String, String> tags = new HashMap<>();
        for (String term : text.split(" and ")) {
            String condition = term.strip();
            int equals = condition.indexOf('=');
            if (condition.equals("error")) {
                query = query.withStatus(StatusCode.ERROR);
            } else if (condition.startsWith("otel.status_code=")) {
                query = query.withStatus(QueryParameters.status(condition.substring(equals + 1)));
            } else if (equals > 0) {
                tags.put(condition.substring(0, equals), condition.substring(equals + 1));
            } else if (!condition.isEmpty()) {
                throw new InvalidParameterException("annotationQuery",
                        "'" + condition + "' is not a key=value term or error");
            }
        }
        return query.withAttributes(tags);
    }
}
