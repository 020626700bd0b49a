package dev.weft.storage;

import dev.weft.model.LogRecord;

import java.util.List;

public interface LogConsumer {

    void accept(List<LogRecord> logs);
}
