package dev.weft.collector.ingest;

/** The three OTLP signals, with the code that tags their records in the write-ahead log. */
public enum Signal {
    TRACES((byte) 1), LOGS((byte) 2), METRICS((byte) 3);

    private final byte code;

    Signal(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    public static Signal of(byte code) {
        for (Signal s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("no signal has code " + code);
    }

    /** Lower case, as metric tags are. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
