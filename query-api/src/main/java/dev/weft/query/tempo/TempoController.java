package dev.weft.query.tempo;

import dev.weft.query.QueryProperties;
import dev.weft.traceql.TraceQlSearcher;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The Tempo API over the stored traces, where Grafana's Tempo datasource expects it. */
@RestController
@RequestMapping("/api")
final class TempoController extends TempoApi {

    TempoController(TempoBackend traces, TraceQlSearcher tags, QueryProperties properties) {
        super(traces, tags, properties);
    }
}
