package dev.weft.query.tempo;

import dev.weft.query.QueryProperties;
import dev.weft.traceql.TraceQlSearcher;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The same Tempo API over journeys, for a second Tempo datasource whose URL ends in {@code /journeys}. */
@RestController
@RequestMapping("/journeys/api")
final class JourneyTempoController extends TempoApi {

    JourneyTempoController(TempoBackend journeys, TraceQlSearcher tags, QueryProperties properties) {
        super(journeys, tags, properties);
    }
}
