package dev.weft.query.jaeger;

import java.util.List;

/**
 * The envelope of every answer of Jaeger's HTTP API. Clients decode {@code data} and mostly
 * ignore the rest, but Grafana's decoder expects every field, with {@code errors} null on success.
 */
public record JaegerResponse<T>(T data, int total, int limit, int offset, List<Error> errors) {

    public record Error(int code, String msg) {
    }

    public static <T> JaegerResponse<List<T>> of(List<T> data) {
        return new JaegerResponse<>(data, data.size(), 0, 0, null);
    }

    public static JaegerResponse<Void> error(int code, String msg) {
        return new JaegerResponse<>(null, 0, 0, 0, List.of(new Error(code, msg)));
    }
}
