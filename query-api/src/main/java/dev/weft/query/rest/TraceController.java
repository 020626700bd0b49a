package dev.weft.query.rest;

import dev.weft.model.Span;
import dev.weft.query.QueryProperties;
import dev.weft.query.json.TraceJson;
import dev.weft.query.json.TraceSummaryJson;
import dev.weft.query.params.InvalidParameterException;
import dev.weft.query.params.QueryParameters;
import dev.weft.storage.SpanStore;
import dev.weft.storage.TraceQuery;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Traces by id, trace search, and the service and operation names search forms offer. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class TraceController {

    /** Prefix of the search parameters that filter on a span or resource attribute. */
    private static final String ATTRIBUTE_PREFIX = "attr.";

    private final SpanStore spans;
    private final QueryProperties properties;

    public TraceController(SpanStore spans, QueryProperties properties) {
        this.spans = spans;
        this.properties = properties;
    }

    public record SearchResult(List<TraceSummaryJson> traces) {
    }

    public record Services(List<String> services) {
    }

    public record Operations(List<String> operations) {
    }

    /** The spans of one trace; the id may have its leading zeros stripped, as Grafana and Jaeger do. */
    @GetMapping("/traces/{traceId}")
    public TraceJson trace(@PathVariable String traceId) {
        String id = QueryParameters.traceId("traceId", traceId);
        List<Span> found = spans.getTrace(id);
        if (found.isEmpty()) {
            throw new NotFoundException("trace " + id + " not found");
        }
        return TraceJson.of(id, found);
    }

    /**
     * Traces with a span that meets every condition, newest first. Attribute conditions come as
     * {@code attr.<key>=<value>} parameters, compared with the span's (else its resource's)
     * attribute as text.
     */
    @GetMapping("/search")
    public SearchResult search(@RequestParam(required = false) String service,
                               @RequestParam(required = false) String name,
                               @RequestParam(required = false) String status,
                               @RequestParam(required = false) String minDuration,
                               @RequestParam(required = false) String maxDuration,
                               @RequestParam(required = false) String start,
                               @RequestParam(required = false) String end,
                               @RequestParam(required = false) String limit,
                               @RequestParam Map<String, String> parameters) {
        Long min = QueryParameters.duration("minDuration", minDuration);
        TraceQuery query = new TraceQuery(QueryParameters.text(service), QueryParameters.text(name),
                QueryParameters.status(status), min, QueryParameters.maxDuration("maxDuration", maxDuration, min),
                QueryParameters.timeRange(start, end, properties.maxSearchWindow()),
                QueryParameters.limit(limit, properties.defaultSearchLimit(), properties.maxSearchLimit()),
                attributeFilters(parameters));
        return new SearchResult(spans.searchTraces(query).stream().map(TraceSummaryJson::of).toList());
    }

    @GetMapping("/services")
    public Services services() {
        return new Services(spans.serviceNames());
    }

    @GetMapping("/services/{service}/operations")
    public Operations operations(@PathVariable String service) {
        return new Operations(spans.operationNames(service));
    }

    private static Map<String, String> attributeFilters(Map<String, String> parameters) {
        Map<String, String> filters = new HashMap<>();
        parameters.forEach((parameter, value) -> {
            if (parameter.startsWith(ATTRIBUTE_PREFIX)) {
                if (parameter.length() == ATTRIBUTE_PREFIX.length()) {
                    throw new InvalidParameterException(parameter, "the attribute key after 'attr.' is empty");
                }
                filters.put(parameter.substring(ATTRIBUTE_PREFIX.length()), value);
            }
        });
        return filters;
    }
}
