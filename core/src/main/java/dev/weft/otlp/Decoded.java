package dev.weft.otlp;

import java.util.List;

/**
 * The outcome of decoding one OTLP request: the valid items, and how many were rejected and
 * why, which is exactly what OTLP partial success reports back to the client.
 *
 * @param errorMessage empty when nothing was rejected
 * @param truncations  attributes dropped plus attribute values cut short to fit the
 *                     {@link IngestLimits} on the accepted items, which are stored all the
 *                     same; partial success has no field for it, so it is for a metric
 */
public record Decoded<T>(List<T> accepted, long rejected, String errorMessage, long truncations) {

    public Decoded {
        accepted = List.copyOf(accepted);
        errorMessage = errorMessage == null ? "" : errorMessage;
    }
}
