package dev.weft.query.tempo;

import dev.weft.query.params.InvalidParameterException;
import dev.weft.traceql.TraceQlException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the Tempo API as Tempo answers them: a status and a plain-text message, which Grafana
 * shows as it is. A query Weft cannot evaluate is a 400 that names the construct.
 */
@RestControllerAdvice(basePackageClasses = TempoErrorHandler.class)
class TempoErrorHandler {

    @ExceptionHandler
    ResponseEntity<String> badQuery(TraceQlException e) {
        return badRequest(e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<String> badParameter(InvalidParameterException e) {
        return badRequest(e.getMessage());
    }

    private static ResponseEntity<String> badRequest(String message) {
        return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(message);
    }
}
