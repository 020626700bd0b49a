package dev.weft.collector;

import dev.weft.collector.wal.WriteAheadLog;
import dev.weft.otlp.IngestLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of the OTLP receivers, under {@code weft.collector}. The defaults are the OTLP
 * ports, so an unconfigured SDK exporter finds the collector.
 *
 * @param grpcPort        OTLP/gRPC port; 0 lets the OS pick one (tests), read it back from
 *                        {@link dev.weft.collector.grpc.OtlpGrpcServer#port()}
 * @param httpPort        OTLP/HTTP port; the server module opens it as an extra connector of the
 *                        web server, this module only maps {@code /v1/traces|logs|metrics}
 * @param maxRequestBytes the largest export request accepted, applied to the body as received
 *                        and again while inflating it, so a gzip bomb is refused after at most
 *                        this many bytes of output (HTTP 413, gRPC RESOURCE_EXHAUSTED). The
 *                        default, 16 MiB, is four times the 4 MiB gRPC clients send by default.
 * @param wal             the write-ahead log, {@code weft.collector.wal.*}
 * @param limits          what one request may make Weft store, {@code weft.collector.limits.*}
 */
@Validated
@ConfigurationProperties("weft.collector")
public record CollectorProperties(
        @DefaultValue("4317") @Min(0) @Max(65535) int grpcPort,
        @DefaultValue("4318") @Min(0) @Max(65535) int httpPort,
        @DefaultValue("16777216") @Positive int maxRequestBytes,
        @DefaultValue @Valid Wal wal,
        @DefaultValue @Valid Limits limits) {

    /**
     * Limits on the items of one request; see {@link IngestLimits} for how each applies. Items past
     * a limit are rejected with a reason in OTLP partial success, attributes past one are dropped or
     * cut short and counted ({@code weft_ingest_truncations_total}).
     *
     * @param maxItemsPerRequest      spans, log records or data points per request
     * @param maxAttributesPerItem    attributes per span, event, link, log record, resource or scope
     * @param maxAttributeValueLength characters of a string attribute value (bytes of a binary one)
     * @param maxPast                 how old an item's time may be when it arrives (the server sets it to
     *                                {@code weft.retention}: older data would be deleted at once)
     * @param maxFuture               how far ahead of the server's clock an item's time may be
     */
    public record Limits(
            @DefaultValue("100000") @Positive int maxItemsPerRequest,
            @DefaultValue("128") @PositiveOrZero int maxAttributesPerItem,
            @DefaultValue("16384") @PositiveOrZero int maxAttributeValueLength,
            @DefaultValue("7d") @NotNull Duration maxPast,
            @DefaultValue("1h") @NotNull Duration maxFuture) {

        public IngestLimits toIngestLimits() {
            return new IngestLimits(maxItemsPerRequest, maxAttributesPerItem, maxAttributeValueLength, maxPast, maxFuture);
        }
    }

    /**
     * The write-ahead log that requests are appended to before they are acknowledged.
     *
     * @param enabled       null (the default): on when the storage is durable (Elasticsearch), off in
     *                      memory mode, where a restart loses everything anyway
     * @param dir           where its segment files go; one Weft process per directory
     * @param segmentBytes  size of one segment file; a segment is deleted once all of it is stored
     * @param maxBytes      bound of the log on disk (at least two segments); when reached, requests are
     *                      refused as retryable until storage catches up
     * @param fsync         {@code request}: synced before each acknowledgement (concurrent requests share
     *                      a sync), nothing acknowledged is lost; {@code interval}: synced every
     *                      {@code fsync-interval}, a machine crash (not a process crash) can lose that much
     * @param fsyncInterval see {@code fsync}
     * @param concurrency   storage writes in flight while draining the log
     * @param maxBatchItems items per storage write while draining. With the concurrency, it bounds the
     *                      items in memory between log and storage: enough to keep Elasticsearch busy,
     *                      few enough not to survive young collections in bulk (measured: 2 x 2,048
     *                      stored 76 % of the ceiling where 4 x 4,096 stored 69 %, docs/benchmarks.md)
     * @param retryAfter    the delay a refused client is told to wait (RetryInfo, Retry-After)
     * @param shutdownGrace how long shutdown waits for the log to drain into storage
     */
    public record Wal(
            Boolean enabled,
            @DefaultValue("data/wal") @NotNull Path dir,
            @DefaultValue("64MB") @NotNull DataSize segmentBytes,
            @DefaultValue("1GB") @NotNull DataSize maxBytes,
            @DefaultValue("request") @NotNull WriteAheadLog.Fsync fsync,
            @DefaultValue("100ms") @NotNull Duration fsyncInterval,
            @DefaultValue("2") @Positive int concurrency,
            @DefaultValue("2048") @Positive int maxBatchItems,
            @DefaultValue("1s") @NotNull Duration retryAfter,
            @DefaultValue("10s") @NotNull Duration shutdownGrace) {
    }
}
