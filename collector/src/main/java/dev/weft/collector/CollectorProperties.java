package dev.weft.collector;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
 */
@Validated
@ConfigurationProperties("weft.collector")
public record CollectorProperties(
        @DefaultValue("4317") @Min(0) @Max(65535) int grpcPort,
        @DefaultValue("4318") @Min(0) @Max(65535) int httpPort,
        @DefaultValue("16777216") @Positive int maxRequestBytes) {
}
