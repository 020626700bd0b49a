package dev.weft.query.jaeger;

import dev.weft.correlation.analysis.ServiceGraphBuilder;
import dev.weft.model.Span;
import dev.weft.model.StatusCode;
import dev.weft.query.QueryProperties;
import dev.weft.query.params.InvalidParameterException;
import dev.weft.query.params.QueryParameters;
import dev.weft.query.zipkin.ZipkinDependencyLink;
import dev.weft.query.zipkin.ZipkinParameters;
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
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Jaeger's HTTP query API (the one its UI and Grafana's Jaeger datasource call), over the same
 * storage as Weft's own API. Every answer is wrapped in a {@link JaegerResponse}.
 */
@RestController
@RequestMapping(path = "/jaeger/api", produces = "application/json")
public class JaegerController {

    /**
     * Recent traces of a service read to learn the kinds of its operations, which storage does
     * not index; an operation not seen in them is listed with an empty kind.
     */
    private static final int KIND_SAMPLE_TRACES = 100;

    private final SpanStore spans;
    private final ServiceGraphBuilder graphs;
    private final QueryProperties properties;

    public JaegerController(SpanStore spans, ServiceGraphBuilder graphs, QueryProperties properties) {
        this.spans = spans;
        this.graphs = graphs;
        this.properties = properties;
    }

    public record Operation(String name, String spanKind) {
    }

    /** Jaeger's dependency link: Zipkin's without the error count. */
    public record Dependency(String parent, String child, long callCount) {
    }

    @GetMapping("/services")
    public JaegerResponse<List<String>> services() {
        return JaegerResponse.of(spans.serviceNames());
    }

    @GetMapping("/services/{service}/operations")
    public JaegerResponse<List<String>> operationNames(@PathVariable String service) {
        return JaegerResponse.of(spans.operationNames(service));
    }

    /** The newer form Jaeger's UI calls, with span kinds, optionally only those of {@code spanKind}. */
    @GetMapping("/operations")
    public JaegerResponse<List<Operation>> operations(@RequestParam(required = false) String service,
                                                      @RequestParam(required = false) String spanKind) {
        String name = ZipkinParameters.required("service", service);
        String kind = QueryParameters.text(spanKind) == null ? null : spanKind.strip().toLowerCase(Locale.ROOT);
        Set<Operation> operations = new TreeSet<>(Comparator.comparing(Operation::name).thenComparing(Operation::spanKind));
        List<String> sample = spans.searchTraces(TraceQuery.all(KIND_SAMPLE_TRACES).withService(name)).stream()
                .map(TraceSummary::traceId).toList();
        for (List<Span> trace : spans.getTraces(sample).values()) {
            for (Span span : trace) {
                if (span.serviceName().equals(name)) {
                    operations.add(new Operation(span.name(), JaegerTrace.kind(span.kind())));
                }
            }
        }
        Set<String> seen = operations.stream().map(Operation::name).collect(Collectors.toSet());
        for (String operation : spans.operationNames(name)) {
            if (!seen.contains(operation)) {
                operations.add(new Operation(operation, ""));
            }
        }
        return JaegerResponse.of(operations.stream().filter(op -> kind == null || op.spanKind().equals(kind)).toList());
    }

    /**
     * Traces with a span that meets every condition, newest first. Tags come as Grafana sends
     * them ({@code tags} a JSON object) or as Jaeger's UI does (repeated {@code tag=key:value});
     * durations are Go durations and {@code start}/{@code end} Unix microseconds.
     */
    @GetMapping("/traces")
    public JaegerResponse<List<JaegerTrace>> search(@RequestParam(required = false) String service,
                                                    @RequestParam(required = false) String operation,
                                                    @RequestParam(required = false) String tags,
                                                    @RequestParam(required = false) List<String> tag,
                                                    @RequestParam(required = false) String minDuration,
                                                    @RequestParam(required = false) String maxDuration,
                                                    @RequestParam(required = false) String start,
                                                    @RequestParam(required = false) String end,
                                                    @RequestParam(required = false) String limit) {
        Long min = QueryParameters.duration("minDuration", minDuration);
        TraceQuery query = withTags(new TraceQuery(QueryParameters.text(service), QueryParameters.text(operation), null,
                min, QueryParameters.maxDuration("maxDuration", maxDuration, min),
                QueryParameters.timeRange(start, end, properties.maxSearchWindow()),
                QueryParameters.limit(limit, properties.defaultSearchLimit(), properties.maxSearchLimit()), Map.of()),
                tags(tags, tag));
        List<String> ids = spans.searchTraces(query).stream().map(TraceSummary::traceId).toList();
        Map<String, List<Span>> traces = spans.getTraces(ids);
        return JaegerResponse.of(ids.stream().filter(traces::containsKey)
                .map(id -> JaegerTrace.of(traces.get(id))).toList());
    }

    /**
     * One trace; the id may be 64-bit, odd-length or have its leading zeros stripped. Grafana
     * may add {@code start}/{@code end}, in milliseconds although Jaeger documents microseconds:
     * they are ignored, since the id alone finds the trace.
     */
    @GetMapping("/traces/{traceId}")
    public JaegerResponse<List<JaegerTrace>> trace(@PathVariable String traceId) {
        String id = QueryParameters.traceId("traceID", traceId);
        List<Span> trace = spans.getTrace(id);
        if (trace.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "trace not found");
        }
        return JaegerResponse.of(List.of(JaegerTrace.of(trace)));
    }

    /** Service pairs with their calls, sync and async edges summed, over {@code lookback} ms before {@code endTs}. */
    @GetMapping("/dependencies")
    public JaegerResponse<List<Dependency>> dependencies(@RequestParam(required = false) String endTs,
                                                         @RequestParam(required = false) String lookback) {
        List<ZipkinDependencyLink> links = ZipkinDependencyLink.of(
                graphs.build(ZipkinParameters.window(endTs, lookback, properties.maxSearchWindow())));
        return JaegerResponse.of(links.stream().map(link -> new Dependency(link.parent(), link.child(), link.callCount()))
                .toList());
    }

    /** The tags of both forms, in a map {@link #withTags} may change. */
    private static Map<String, String> tags(String json, List<String> pairs) {
        Map<String, String> tags = new HashMap<>();
        if (QueryParameters.text(json) != null) {
            Map<String, String> parsed;
            try {
                parsed = JsonMapper.shared().readValue(json, new TypeReference<Map<String, String>>() {
                });
            } catch (JacksonException e) {
                parsed = null;
            }
            if (parsed == null || parsed.containsValue(null)) {
                throw new InvalidParameterException("tags",
                        "'" + json + "' is not a JSON object of strings such as {\"http.method\":\"GET\"}");
            }
            tags.putAll(parsed);
        }
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new InvalidParameterException("tag", "'" + pair + "' is not key:value");
            }
            tags.put(pair.substring(0, colon), pair.substring(colon + 1));
        }
        return tags;
    }

    /**
     * Adds the tag conditions. The tags this API derives from the status ({@code error=true},
     * {@code otel.status_code}) become a status condition, so that a tag clicked in a trace finds
     * that trace; they are taken out of {@code tags}, and the rest are attribute conditions.
     */
    private static TraceQuery withTags(TraceQuery query, Map<String, String> tags) {
        if ("true".equals(tags.get("error"))) {
            tags.remove("error");
            query = query.withStatus(StatusCode.ERROR);
        }
        String status = tags.remove("otel.status_code");
        if (status != null) {
            query = query.withStatus(QueryParameters.status(status));
        }
        return query.withAttributes(tags);
    }
}
