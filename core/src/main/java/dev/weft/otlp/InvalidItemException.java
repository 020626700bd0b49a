package dev.weft.otlp;

/** Why one item of a batch cannot be stored; the rest of the batch is unaffected. */
final class InvalidItemException extends Exception {

    InvalidItemException(String message) {
        super(message, null, false, false);
    }
}
