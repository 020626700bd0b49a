package dev.weft.model;

import java.util.List;

/**
 * The value of one metric data point, one variant per OTLP point type. Optional doubles
 * ({@code sum}, {@code min}, {@code max}) are null when the client did not send them.
 */
public sealed interface PointData {

    Attributes attributes();

    long startTimeUnixNano();

    long timeUnixNano();

    int flags();

    /** A gauge or sum point; {@code value} is a {@link Long} or a {@link Double} as sent. */
    record NumberPoint(Attributes attributes, long startTimeUnixNano, long timeUnixNano, Number value,
                       List<Exemplar> exemplars, int flags) implements PointData {
        public NumberPoint {
            exemplars = List.copyOf(exemplars);
        }
    }

    record HistogramPoint(Attributes attributes, long startTimeUnixNano, long timeUnixNano, long count, Double sum,
                          List<Long> bucketCounts, List<Double> explicitBounds, List<Exemplar> exemplars, int flags,
                          Double min, Double max) implements PointData {
        public HistogramPoint {
            bucketCounts = List.copyOf(bucketCounts);
            explicitBounds = List.copyOf(explicitBounds);
            exemplars = List.copyOf(exemplars);
        }
    }

    record Buckets(int offset, List<Long> bucketCounts) {
        public static final Buckets EMPTY = new Buckets(0, List.of());

        public Buckets {
            bucketCounts = List.copyOf(bucketCounts);
        }
    }

    record ExponentialHistogramPoint(Attributes attributes, long startTimeUnixNano, long timeUnixNano, long count,
                                     Double sum, int scale, long zeroCount, Buckets positive, Buckets negative,
                                     int flags, List<Exemplar> exemplars, Double min, Double max,
                                     double zeroThreshold) implements PointData {
        public ExponentialHistogramPoint {
            positive = positive == null ? Buckets.EMPTY : positive;
            negative = negative == null ? Buckets.EMPTY : negative;
            exemplars = List.copyOf(exemplars);
        }
    }

    record ValueAtQuantile(double quantile, double value) {
    }

    record SummaryPoint(Attributes attributes, long startTimeUnixNano, long timeUnixNano, long count, double sum,
                        List<ValueAtQuantile> quantileValues, int flags) implements PointData {
        public SummaryPoint {
            quantileValues = List.copyOf(quantileValues);
        }
    }
}
