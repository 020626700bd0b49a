package dev.weft.server.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code weft.storage}: which backend holds the data. Memory is the zero-install default; its
 * bounds keep a laptop's heap safe (the Zipkin in-memory store's default is 500,000 spans).
 * {@code elasticsearch} keeps spans, logs and metrics in Elasticsearch and the correlation
 * ledger in PostgreSQL, both reached through Spring Boot's own connection properties.
 */
@Validated
@ConfigurationProperties("weft.storage")
public record StorageProperties(@DefaultValue("memory") @NotNull Type type, @DefaultValue @Valid Memory memory) {

    public enum Type {
        MEMORY, ELASTICSEARCH
    }

    public record Memory(@DefaultValue("500000") @Positive int maxSpans,
                         @DefaultValue("500000") @Positive int maxLogRecords,
                         @DefaultValue("500000") @Positive int maxMetricPoints,
                         @DefaultValue("1000000") @Positive int maxCorrelationKeys) {
    }
}
