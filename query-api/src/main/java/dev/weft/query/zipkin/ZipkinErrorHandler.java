package dev.weft.query.zipkin;

import dev.weft.query.params.InvalidParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/** Errors as Zipkin answers them: the status and a plain-text message, which its clients show as is. */
@RestControllerAdvice(basePackageClasses = ZipkinErrorHandler.class)
public class ZipkinErrorHandler {

    @ExceptionHandler
    ResponseEntity<String> invalidParameter(InvalidParameterException e) {
        return text(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<String> status(ResponseStatusException e) {
        return text(e.getStatusCode(), e.getReason());
    }

    private static ResponseEntity<String> text(HttpStatusCode status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message);
    }
}
