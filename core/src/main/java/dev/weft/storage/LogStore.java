package dev.weft.storage;

import dev.weft.model.LogRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

public interface LogStore {

    /** Log records matching every condition of the query, newest first. */
    List<LogRecord> findLogs(LogQuery query);

    /**
     * The records of several traces, newest first, at most {@code limit}. Storage that can
     * fetch many traces' records in one request overrides this: a journey reads dozens at once.
     */
    default List<LogRecord> findLogsOfTraces(Collection<String> traceIds, int limit) {
        List<LogRecord> logs = new ArrayList<>();
        for (String traceId : traceIds) {
            logs.addAll(findLogs(LogQuery.all(limit).withTrace(traceId, null)));
        }
        logs.sort(Comparator.comparingLong(LogRecord::effectiveTimeUnixNano).reversed());
        return logs.size() > limit ? List.copyOf(logs.subList(0, limit)) : logs;
    }
}
