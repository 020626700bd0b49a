package dev.weft.query.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.weft.model.Exemplar;
import dev.weft.model.MetricPoint;
import dev.weft.model.PointData;

import java.util.List;
import java.util.Map;

/**
 * One metric data point, flattened with its metric, resource and scope like the stored item,
 * so that a client plotting a series needs no joins. The fields of the point type sit beside
 * the common ones: {@code value} for gauges and sums; {@code count}, {@code sum},
 * {@code bucketCounts}, {@code explicitBounds}, {@code min}, {@code max} for histograms;
 * {@code scale}, {@code zeroCount}, {@code zeroThreshold}, {@code positive}, {@code negative}
 * for exponential histograms; {@code quantileValues} for summaries. Optional values the
 * client did not send are left out rather than rendered as 0, which would be a lie.
 */
public record MetricPointJson(String name, String description, String unit, String type, String temporality,
                              boolean monotonic, Map<String, Object> resource, ScopeJson scope,
                              Map<String, Object> attributes, String startTimeUnixNano, String timeUnixNano,
                              long flags, @JsonUnwrapped PointValues values) {

    /** The fields only one point type has. */
    public sealed interface PointValues {
    }

    public record NumberValues(Object value, List<ExemplarJson> exemplars) implements PointValues {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistogramValues(Object count, Double sum, Double min, Double max, List<Object> bucketCounts,
                                  List<Double> explicitBounds, List<ExemplarJson> exemplars) implements PointValues {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExponentialHistogramValues(Object count, Double sum, Double min, Double max, int scale,
                                             Object zeroCount, double zeroThreshold, BucketsJson positive,
                                             BucketsJson negative, List<ExemplarJson> exemplars)
            implements PointValues {
    }

    public record SummaryValues(Object count, double sum, List<QuantileJson> quantileValues) implements PointValues {
    }

    public record BucketsJson(int offset, List<Object> bucketCounts) {

        static BucketsJson of(PointData.Buckets buckets) {
            return new BucketsJson(buckets.offset(), JsonValues.int64s(buckets.bucketCounts()));
        }
    }

    public record QuantileJson(double quantile, double value) {
    }

    public record ExemplarJson(String timeUnixNano, Object value, String traceId, String spanId,
                               Map<String, Object> filteredAttributes) {

        static List<ExemplarJson> of(List<Exemplar> exemplars) {
            return exemplars.stream().map(e -> new ExemplarJson(JsonValues.nanos(e.timeUnixNano()),
                    JsonValues.number(e.value()), e.traceId(), e.spanId(),
                    JsonValues.attributes(e.filteredAttributes()))).toList();
        }
    }

    public static MetricPointJson of(MetricPoint item) {
        PointData point = item.point();
        return new MetricPointJson(item.metric().name(), item.metric().description(), item.metric().unit(),
                item.metric().type().name(), item.metric().temporality().name(), item.metric().monotonic(),
                JsonValues.resource(item.resource()), ScopeJson.of(item.scope()),
                JsonValues.attributes(point.attributes()), JsonValues.nanos(point.startTimeUnixNano()),
                JsonValues.nanos(point.timeUnixNano()), Integer.toUnsignedLong(point.flags()), values(point));
    }

    private static PointValues values(PointData point) {
        return switch (point) {
            case PointData.NumberPoint p -> new NumberValues(JsonValues.number(p.value()), ExemplarJson.of(p.exemplars()));
            case PointData.HistogramPoint p -> new HistogramValues(JsonValues.int64(p.count()), p.sum(), p.min(),
                    p.max(), JsonValues.int64s(p.bucketCounts()), p.explicitBounds(), ExemplarJson.of(p.exemplars()));
            case PointData.ExponentialHistogramPoint p -> new ExponentialHistogramValues(JsonValues.int64(p.count()),
                    p.sum(), p.min(), p.max(), p.scale(), JsonValues.int64(p.zeroCount()), p.zeroThreshold(),
                    BucketsJson.of(p.positive()), BucketsJson.of(p.negative()), ExemplarJson.of(p.exemplars()));
            case PointData.SummaryPoint p -> new SummaryValues(JsonValues.int64(p.count()), p.sum(),
                    p.quantileValues().stream().map(q -> new QuantileJson(q.quantile(), q.value())).toList());
        };
    }
}
