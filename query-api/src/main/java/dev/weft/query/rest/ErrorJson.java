package dev.weft.query.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error answer; {@code parameter} names the offending request parameter, if any. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorJson(String error, String parameter) {
}
