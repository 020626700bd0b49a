package dev.weft.model;

import java.util.HexFormat;
import java.util.Locale;

/** Parsing of hex trace and span ids as people and tools type them. */
public final class TraceIds {

    private TraceIds() {
    }

    /**
     * Normalises a trace id typed by a user or a tool: 1 to 32 hex digits, left-padded with
     * zeros to 32 (Grafana and Jaeger strip leading zeros). Throws with the reason otherwise.
     */
    public static String normalizeTraceId(String id) {
        return normalize(id, 32, "trace id");
    }

    /** Like {@link #normalizeTraceId} for 16-digit span ids. */
    public static String normalizeSpanId(String id) {
        return normalize(id, 16, "span id");
    }

    private static String normalize(String id, int length, String what) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (id.length() > length) {
            throw new IllegalArgumentException(what + " '" + id + "' has more than " + length + " hex digits");
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.digit(id.charAt(i), 16) < 0) {
                throw new IllegalArgumentException(what + " '" + id + "' is not hexadecimal");
            }
        }
        return "0".repeat(length - id.length()) + id.toLowerCase(Locale.ROOT);
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
