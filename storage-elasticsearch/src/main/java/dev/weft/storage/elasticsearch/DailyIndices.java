package dev.weft.storage.elasticsearch;

import dev.weft.storage.TimeRange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the daily indices, {@code <prefix><signal>-YYYY.MM.DD} by the UTC day of each item's
 * own time. Daily indices make retention a whole-index delete and let a time-bounded query name
 * only the indices of its days instead of asking every shard.
 */
final class DailyIndices {

    enum Signal {
        SPANS, LOGS, METRICS;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Ranges longer than this are searched through the wildcard pattern rather than a list of
     * names: ES caps the request line at 4 kB, and the range filter prunes shards cheaply anyway.
     */
    static final int MAX_LISTED_DAYS = 62;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd");

    private final String prefix;
    private final Pattern dailyName;

    DailyIndices(String prefix) {
        this.prefix = prefix;
        this.dailyName = Pattern.compile(Pattern.quote(prefix) + "(spans|logs|metrics)-(\\d{4}\\.\\d{2}\\.\\d{2})");
    }

    String prefix() {
        return prefix;
    }

    String name(Signal signal, long unixNano) {
        return name(signal, day(unixNano));
    }

    /** Matches every daily index of the signal, and only those of this prefix. */
    String pattern(Signal signal) {
        return prefix + signal.id() + "-*";
    }

    /** The indices that can hold items of the signal whose time is inside the range. */
    String[] names(Signal signal, TimeRange range) {
        LocalDate first = day(range.startUnixNano());
        LocalDate last = day(range.endUnixNano());
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        if (days > MAX_LISTED_DAYS) {
            return new String[]{pattern(signal)};
        }
        String[] names = new String[(int) days];
        for (int i = 0; i < days; i++) {
            names[i] = name(signal, first.plusDays(i));
        }
        return names;
    }

    /** The day of an index of this prefix, or empty for any other name. */
    Optional<LocalDate> dayOf(String index) {
        Matcher m = dailyName.matcher(index);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(m.group(2), DAY));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private String name(Signal signal, LocalDate day) {
        return prefix + signal.id() + "-" + DAY.format(day);
    }

    private static LocalDate day(long unixNano) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(0, unixNano), ZoneOffset.UTC);
    }
}
