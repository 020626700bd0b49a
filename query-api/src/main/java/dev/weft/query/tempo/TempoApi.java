package dev.weft.query.tempo;

import dev.weft.model.Span;
import dev.weft.model.SpanKind;
import dev.weft.model.StatusCode;
import dev.weft.query.QueryProperties;
import dev.weft.query.params.InvalidParameterException;
import dev.weft.query.params.QueryParameters;
import dev.weft.storage.TimeRange;
import dev.weft.traceql.Attribute;
import dev.weft.traceql.Expr;
import dev.weft.traceql.Field;
import dev.weft.traceql.Intrinsic;
import dev.weft.traceql.Scope;
import dev.weft.traceql.TagValue;
import dev.weft.traceql.TraceQl;
import dev.weft.traceql.TraceQlSearch;
import dev.weft.traceql.TraceQlSearcher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Tempo's HTTP API as Grafana's Tempo datasource calls it (see the reference of Grafana's requests):
 * echo and build info for "Save & test", trace by id (v1 and v2, protobuf or JSON), TraceQL search,
 * and the tag names and values its query builder offers. It is mounted twice, by the two
 * subclasses, over two {@link TempoBackend}s: the stored traces at {@code /api} and journeys at
 * {@code /journeys/api}; tag names and values are those of the stored spans in both. Errors are
 * plain text, as Tempo's are ({@link TempoErrorHandler}).
 */
abstract class TempoApi {

    /**
     * The Tempo version Weft claims. Grafana reads only this field of the build info and gates
     * features on it (TraceQL search, tag scopes and typed tag values need at least 2.2).
     */
    static final String TEMPO_VERSION = "2.9.0";
    static final int DEFAULT_SPANS_PER_SPAN_SET = 3;
    static final int MAX_SPANS_PER_SPAN_SET = 1_000;
    /** Grafana asks for up to 5,000 tag names and values; 10,000 is what one Elasticsearch aggregation returns. */
    static final int DEFAULT_TAG_LIMIT = 5_000;
    static final int MAX_TAG_LIMIT = 10_000;

    private static final List<String> SCOPES = List.of("resource", "span", "intrinsic");

    private final TempoBackend traces;
    private final TraceQlSearcher tags;
    private final QueryProperties properties;

    TempoApi(TempoBackend traces, TraceQlSearcher tags, QueryProperties properties) {
        this.traces = traces;
        this.tags = tags;
        this.properties = properties;
    }

    /** Grafana's "Save & test". */
    @GetMapping("/echo")
    public ResponseEntity<String> echo() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("echo");
    }

    @GetMapping("/status/buildinfo")
    public TempoJson.BuildInfo buildInfo() {
        String weft = TempoApi.class.getPackage().getImplementationVersion();
        return new TempoJson.BuildInfo(TEMPO_VERSION, "weft-" + (weft == null ? "dev" : weft), "", "", "", "");
    }

    /** Tempo's v1 trace by id, Grafana's fallback when v2 answers 404; the id may have its leading zeros stripped. */
    @GetMapping("/traces/{traceId}")
    public ResponseEntity<byte[]> traceV1(@PathVariable String traceId,
                                          @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return trace(traceId, accept, TraceResponses::v1);
    }

    /** Tempo's v2 trace by id, what Grafana asks first; {@code start} and {@code end} are ignored, every trace is found by id. */
    @GetMapping("/v2/traces/{traceId}")
    public ResponseEntity<byte[]> traceV2(@PathVariable String traceId,
                                          @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return trace(traceId, accept, TraceResponses::v2);
    }

    private ResponseEntity<byte[]> trace(String traceId, String accept, BiFunction<List<Span>, Boolean, ResponseEntity<byte[]>> encode) {
        String id = QueryParameters.traceId("traceId", traceId);
        List<Span> spans = traces.trace(id);
        if (spans.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
                    .body(("trace " + id + " not found").getBytes(StandardCharsets.UTF_8));
        }
        return encode.apply(spans, TraceResponses.wantsProtobuf(accept));
    }

    /**
     * TraceQL search ({@code q}); without {@code q}, Tempo's older search by {@code tags},
     * {@code minDuration} and {@code maxDuration}. {@code start} and {@code end} are Unix seconds
     * (other units are told apart by magnitude).
     */
    @GetMapping("/search")
    public TempoJson.SearchResponse search(@RequestParam(required = false) String q,
                                           @RequestParam(required = false) String tags,
                                           @RequestParam(required = false) String minDuration,
                                           @RequestParam(required = false) String maxDuration,
                                           @RequestParam(required = false) String limit,
                                           @RequestParam(required = false) String spss,
                                           @RequestParam(required = false) String start,
                                           @RequestParam(required = false) String end) {
        Expr filter = QueryParameters.text(q) != null ? TraceQl.parse(q)
                : LegacySearch.filter(QueryParameters.text(tags), minDuration, maxDuration);
        TraceQlSearch search = new TraceQlSearch(filter, range(start, end),
                QueryParameters.limit(limit, properties.defaultSearchLimit(), properties.maxSearchLimit()),
                spansPerSpanSet(spss));
        return TempoJson.search(traces.search(search), filter.fields());
    }

    /** Tag names of every scope in one list, for Grafana versions before tag scopes. */
    @GetMapping("/search/tags")
    public TempoJson.TagNames tagNames(@RequestParam(required = false) String start,
                                       @RequestParam(required = false) String end,
                                       @RequestParam(required = false) String limit) {
        int max = tagLimit(limit);
        TraceQlSearcher.TagNames names = tags.tagNames(range(start, end), max);
        TreeSet<String> all = new TreeSet<>(names.resource());
        all.addAll(names.span());
        return new TempoJson.TagNames(all.stream().limit(max).toList());
    }

    /** Tag names by scope: resource and span attribute keys, and the intrinsics Weft evaluates. */
    @GetMapping("/v2/search/tags")
    public TempoJson.TagNamesV2 tagNamesV2(@RequestParam(required = false) String scope,
                                           @RequestParam(required = false) String start,
                                           @RequestParam(required = false) String end,
                                           @RequestParam(required = false) String limit) {
        String wanted = QueryParameters.text(scope) == null ? "none" : scope.toLowerCase(Locale.ROOT);
        if (!wanted.equals("none") && !wanted.equals("all") && !SCOPES.contains(wanted)) {
            throw new InvalidParameterException("scope", "'" + scope + "' is not one of resource, span, intrinsic, none");
        }
        int max = tagLimit(limit);
        TimeRange range = range(start, end);
        TraceQlSearcher.TagNames names = wanted.equals("intrinsic") ? null : tags.tagNames(range, max);
        List<TempoJson.TagScope> scopes = new ArrayList<>();
        for (String name : SCOPES) {
            if (wanted.equals(name) || wanted.equals("none") || wanted.equals("all")) {
                scopes.add(new TempoJson.TagScope(name, switch (name) {
                    case "resource" -> names.resource();
                    case "span" -> names.span();
                    default -> Intrinsic.allNames().stream().limit(max).toList();
                }));
            }
        }
        return new TempoJson.TagNamesV2(scopes, Map.of());
    }

    /** Values of an attribute, given by its key alone (span or resource attribute), as plain strings. */
    @GetMapping("/search/tag/{tag}/values")
    public TempoJson.TagValues tagValues(@PathVariable String tag,
                                         @RequestParam(required = false) String start,
                                         @RequestParam(required = false) String end,
                                         @RequestParam(required = false) String limit) {
        return new TempoJson.TagValues(tags.tagValues(new Attribute(Scope.ANY, tag), Expr.ALL,
                range(start, end), tagLimit(limit)).stream().map(TagValue::value).distinct().toList());
    }

    /**
     * Typed values of a TraceQL field ({@code resource.service.name}, {@code .http.method},
     * {@code name}, {@code status}...), among the spans that satisfy {@code q}. Status and kind answer
     * their keywords, which is how Grafana's query builder writes them unquoted.
     */
    @GetMapping("/v2/search/tag/{tag}/values")
    public TempoJson.TagValuesV2 tagValuesV2(@PathVariable String tag,
                                             @RequestParam(required = false) String q,
                                             @RequestParam(required = false) String start,
                                             @RequestParam(required = false) String end,
                                             @RequestParam(required = false) String limit) {
        Field field = TraceQl.parseField(tag);
        List<TagValue> values = switch (field) {
            case Intrinsic i when i == Intrinsic.STATUS -> keywords(StatusCode.values());
            case Intrinsic i when i == Intrinsic.KIND -> keywords(SpanKind.values());
            default -> tags.tagValues(field, TraceQl.parse(QueryParameters.text(q) == null ? "" : q),
                    range(start, end), tagLimit(limit));
        };
        return new TempoJson.TagValuesV2(values, Map.of());
    }

    private TimeRange range(String start, String end) {
        return QueryParameters.timeRange(start, end, properties.maxSearchWindow());
    }

    private static List<TagValue> keywords(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> new TagValue("keyword", v.name().toLowerCase(Locale.ROOT))).toList();
    }

    private static int tagLimit(String limit) {
        return QueryParameters.limit(limit, DEFAULT_TAG_LIMIT, MAX_TAG_LIMIT);
    }

    /** Tempo's {@code spss}: matching spans shown per trace; absent or 0 means the default, as in Tempo. */
    private static int spansPerSpanSet(String spss) {
        String text = QueryParameters.text(spss);
        if (text == null || text.strip().equals("0")) {
            return DEFAULT_SPANS_PER_SPAN_SET;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value > 0 && value <= MAX_SPANS_PER_SPAN_SET) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidParameterException("spss", "must be an integer between 1 and " + MAX_SPANS_PER_SPAN_SET
                + ", was '" + spss + "'");
    }
}
