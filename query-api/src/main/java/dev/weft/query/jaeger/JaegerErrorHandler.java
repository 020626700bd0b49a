package dev.weft.query.jaeger;

import dev.weft.query.params.InvalidParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * Errors in Jaeger's envelope ({@code data} null, the code and message in {@code errors}), which
 * Jaeger's UI shows; limited to this package, as the native API answers errors its own way.
 */
@RestControllerAdvice(basePackageClasses = JaegerErrorHandler.class)
public class JaegerErrorHandler {

    @ExceptionHandler
    ResponseEntity<JaegerResponse<Void>> invalidParameter(InvalidParameterException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<JaegerResponse<Void>> status(ResponseStatusException e) {
        return error(e.getStatusCode(), e.getReason());
    }

    private static ResponseEntity<JaegerResponse<Void>> error(HttpStatusCode status, String message) {
        return ResponseEntity.status(status).body(JaegerResponse.error(status.value(), message));
    }
}
