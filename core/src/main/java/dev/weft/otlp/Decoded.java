package dev.weft.otlp;

import java.util.List;

/**
 * The outcome of decoding one OTLP request: the valid items, and how many were rejected and
 * why, which is exactly what OTLP partial success reports back to the client.
 *
 * @param errorMessage empty when nothing was rejected
 */
public record Decoded<T>(List<T> accepted, long rejected, String errorMessage) {

    public Decoded {
        accepted = List.copyOf(accepted);
        errorMessage = errorMessage == null ? "" : errorMessage;
    }
}
