package dev.weft.correlation.rules;

/** A rule definition that cannot be used; the message names the field and says why. */
public final class InvalidRuleException extends IllegalArgumentException {

    public InvalidRuleException(String message) {
        super(message);
    }
}
