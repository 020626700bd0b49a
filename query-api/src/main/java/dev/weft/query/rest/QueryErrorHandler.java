package dev.weft.query.rest;

import dev.weft.query.params.InvalidParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the exceptions of the native API into JSON errors, so that bad input is a 400 that
 * says which parameter is wrong and why, never a 500. Limited to this package because the
 * compatibility APIs answer errors in the shapes their own clients expect.
 */
@RestControllerAdvice(basePackageClasses = QueryErrorHandler.class)
public class QueryErrorHandler {

    @ExceptionHandler
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    ErrorJson invalidParameter(InvalidParameterException e) {
        return new ErrorJson(e.getMessage(), e.parameter());
    }

    @ExceptionHandler
    @ResponseStatus(HttpStatus.NOT_FOUND)
    ErrorJson notFound(NotFoundException e) {
        return new ErrorJson(e.getMessage(), null);
    }
}
