package dev.weft.correlation.ledger;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** Rules of the memory mode, lost on restart like everything else there. */
public final class InMemoryRuleStore implements RuleStore {

    private final ConcurrentSkipListMap<String, StoredRule> rules = new ConcurrentSkipListMap<>();

    @Override
    public List<StoredRule> all() {
        return List.copyOf(rules.values());
    }

    @Override
    public void save(StoredRule rule) {
        rules.put(rule.name(), rule);
    }

    @Override
    public boolean delete(String name) {
        return rules.remove(name) != null;
    }
}
