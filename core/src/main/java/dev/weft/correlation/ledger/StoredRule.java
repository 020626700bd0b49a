package dev.weft.correlation.ledger;

import java.util.Objects;

/**
 * A user-defined rule as the API received it. The ledger only keeps the JSON; parsing and
 * validating it is the correlator's job, so the rule format can evolve without a migration.
 */
public record StoredRule(String name, String definitionJson) {

    public StoredRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definitionJson, "definitionJson");
        if (name.isBlank()) {
            throw new IllegalArgumentException("rule name must not be blank");
        }
    }
}
