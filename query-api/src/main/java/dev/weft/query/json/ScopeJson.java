package dev.weft.query.json;

import dev.weft.model.InstrumentationScope;

import java.util.Map;

/** The instrumentation scope that emitted a span, log record or metric point. */
public record ScopeJson(String name, String version, Map<String, Object> attributes) {

    public static ScopeJson of(InstrumentationScope scope) {
        return new ScopeJson(scope.name(), scope.version(), JsonValues.attributes(scope.attributes()));
    }
}
