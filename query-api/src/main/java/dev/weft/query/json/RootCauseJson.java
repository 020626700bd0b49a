package dev.weft.query.json;

import dev.weft.correlation.analysis.RootCause;

import java.util.List;

/** The root-cause report of a journey, as in DESIGN.md's journey document. */
public record RootCauseJson(String traceId, String spanId, String serviceName, String name, String message,
                            RootCause.ExceptionInfo exception, List<JourneyJson.SpanRefJson> path,
                            List<LogRecordJson> logs, List<RootCause.Failure> otherFailures) {

    public static RootCauseJson of(RootCause cause) {
        return cause == null ? null : new RootCauseJson(cause.traceId(), cause.spanId(), cause.serviceName(), cause.name(),
                cause.message(), cause.exception(), cause.path().stream().map(JourneyJson.SpanRefJson::of).toList(),
                cause.logs().stream().map(LogRecordJson::of).toList(), cause.otherFailures());
    }
}
