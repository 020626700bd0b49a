package dev.weft.query.rest;

/** Something a request names by id does not exist; answered with 404. */
final class NotFoundException extends RuntimeException {

    NotFoundException(String message) {
        super(message);
    }
}
