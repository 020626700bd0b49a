package dev.weft.query.params;

/**
 * A request parameter that cannot be used, with the parameter's name kept apart from the
 * reason so that a client (or a Grafana panel) can point at the field it got wrong.
 */
public final class InvalidParameterException extends RuntimeException {

    private final String parameter;

    public InvalidParameterException(String parameter, String reason) {
        super("invalid parameter '" + parameter + "': " + reason);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
