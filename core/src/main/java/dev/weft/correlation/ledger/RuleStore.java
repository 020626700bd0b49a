package dev.weft.correlation.ledger;

import java.util.List;

/**
 * Persists user-defined rules. A stored definition comes back as equivalent JSON, not
 * necessarily byte for byte (PostgreSQL's jsonb normalises spacing and key order).
 */
public interface RuleStore {

    /** Every rule, sorted by name. */
    List<StoredRule> all();

    /** Adds the rule, or replaces the one with the same name. */
    void save(StoredRule rule);

    /** Removes the rule; false when there was none by that name. */
    boolean delete(String name);
}
