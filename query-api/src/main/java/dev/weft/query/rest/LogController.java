package dev.weft.query.rest;

import dev.weft.query.QueryProperties;
import dev.weft.query.json.LogRecordJson;
import dev.weft.query.params.QueryParameters;
import dev.weft.storage.LogQuery;
import dev.weft.storage.LogStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Log record search, the way a trace view fetches the logs of a trace or span. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class LogController {

    private final LogStore logs;
    private final QueryProperties properties;

    public LogController(LogStore logs, QueryProperties properties) {
        this.logs = logs;
        this.properties = properties;
    }

    public record LogsResult(List<LogRecordJson> logs) {
    }

    /**
     * Log records meeting every condition, newest first: {@code severity} keeps records at or
     * above it, {@code q} is a case-insensitive substring of the body, {@code invocationId}
     * finds a function invocation's records by {@code faas.invocation_id} or {@code aws.request_id}.
     */
    @GetMapping("/logs")
    public LogsResult logs(@RequestParam(required = false) String traceId,
                           @RequestParam(required = false) String spanId,
                           @RequestParam(required = false) String service,
                           @RequestParam(required = false) String severity,
                           @RequestParam(required = false) String q,
                           @RequestParam(required = false) String start,
                           @RequestParam(required = false) String end,
                           @RequestParam(required = false) String limit,
                           @RequestParam(required = false) String invocationId) {
        LogQuery query = new LogQuery(QueryParameters.traceId("traceId", traceId),
                QueryParameters.spanId("spanId", spanId), QueryParameters.text(service),
                QueryParameters.minSeverity(severity), QueryParameters.text(q),
                QueryParameters.timeRange(start, end, properties.maxSearchWindow()),
                QueryParameters.limit(limit, properties.defaultLogLimit(), properties.maxLogLimit()),
                QueryParameters.text(invocationId));
        return new LogsResult(logs.findLogs(query).stream().map(LogRecordJson::of).toList());
    }
}
