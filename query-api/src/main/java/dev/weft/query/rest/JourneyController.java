package dev.weft.query.rest;

import dev.weft.correlation.journey.JourneyAssembler;
import dev.weft.correlation.journey.JourneyFinder;
import dev.weft.correlation.journey.JourneyQuery;
import dev.weft.query.QueryProperties;
import dev.weft.query.json.JourneyJson;
import dev.weft.query.json.JourneySummaryJson;
import dev.weft.query.json.RootCauseJson;
import dev.weft.query.params.InvalidParameterException;
import dev.weft.query.params.QueryParameters;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;

/** Journeys: the end-to-end view of an asynchronous chain, by any member trace or by journey id. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class JourneyController {

    private final JourneyAssembler assembler;
    private final JourneyFinder finder;
    private final QueryProperties properties;

    public JourneyController(JourneyAssembler assembler, JourneyFinder finder, QueryProperties properties) {
        this.assembler = assembler;
        this.finder = finder;
        this.properties = properties;
    }

    public record JourneyList(List<JourneySummaryJson> journeys) {
    }

    /** The journey containing this trace: the union of the journeys of all its origins. */
    @GetMapping("/traces/{traceId}/journey")
    public JourneyJson journeyOfTrace(@PathVariable String traceId) {
        return journey("traceId", traceId);
    }

    /**
     * A journey by its id, the origin's trace id. An id that has since become a member of an
     * upstream journey (a late edge pointed into it) leads to that journey, as every member id does.
     */
    @GetMapping("/journeys/{journeyId}")
    public JourneyJson journeyById(@PathVariable String journeyId) {
        return journey("journeyId", journeyId);
    }

    /** The root-cause report alone; 204 No Content when nothing in the journey failed. */
    @GetMapping("/journeys/{journeyId}/root-cause")
    public ResponseEntity<RootCauseJson> rootCause(@PathVariable String journeyId) {
        RootCauseJson cause = journey("journeyId", journeyId).rootCause();
        return cause == null ? ResponseEntity.noContent().build() : ResponseEntity.ok(cause);
    }

    @GetMapping("/journeys")
    public JourneyList journeys(@RequestParam(required = false) String service,
                                @RequestParam(required = false) String error,
                                @RequestParam(required = false) String minDuration,
                                @RequestParam(required = false) String rootCauseService,
                                @RequestParam(required = false) String start,
                                @RequestParam(required = false) String end,
                                @RequestParam(required = false) String limit) {
        JourneyQuery query = new JourneyQuery(QueryParameters.text(service), bool("error", error),
                QueryParameters.duration("minDuration", minDuration), QueryParameters.text(rootCauseService),
                QueryParameters.timeRange(start, end, properties.maxSearchWindow()),
                QueryParameters.limit(limit, properties.defaultSearchLimit(), properties.maxSearchLimit()));
        return new JourneyList(finder.find(query).stream().map(JourneySummaryJson::of).toList());
    }

    private JourneyJson journey(String parameter, String id) {
        String traceId = QueryParameters.traceId(parameter, id);
        return assembler.forTrace(traceId).map(JourneyJson::of)
                .orElseThrow(() -> new NotFoundException("no journey contains trace " + traceId));
    }

    private static Boolean bool(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidParameterException(parameter, "'" + value + "' is not true or false");
        };
    }
}
