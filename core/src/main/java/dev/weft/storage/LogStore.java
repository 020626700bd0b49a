package dev.weft.storage;

import dev.weft.model.LogRecord;

import java.util.List;

public interface LogStore {

    /** Log records matching every condition of the query, newest first. */
    List<LogRecord> findLogs(LogQuery query);
}
