package dev.weft.correlation.rules;

import dev.weft.correlation.ledger.MatchPolicy;
import dev.weft.correlation.ledger.MatchSettings;
import dev.weft.correlation.ledger.RuleStore;
import dev.weft.correlation.ledger.StoredRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules in force: the built-in ones (minus those disabled), the ones from configuration,
 * and the ones added over the API, which persist in the {@link RuleStore} so that every
 * process sharing the ledger sees them after its next {@link #refresh()}.
 */
public final class RuleRegistry {

    private final long defaultWindowNanos;
    private final int maxKeyFanout;
    private final List<CorrelationRule> builtIns;
    private final Map<String, RuleDefinition> configured;
    private final RuleStore store;
    private final RuleCodec codec;
    private volatile Snapshot snapshot;

    private record Snapshot(List<CorrelationRule> rules, Map<String, RuleDefinition> stored, MatchSettings settings) {
    }

    public RuleRegistry(long defaultWindowNanos, Set<String> disabledBuiltIns, int maxKeyFanout,
                        List<RuleDefinition> configured, RuleStore store, RuleCodec codec) {
        for (String name : disabledBuiltIns) {
            if (!BuiltInRules.NAMES.contains(name)) {
                throw new InvalidRuleException("disabled rule '" + name + "' is not a built-in rule; built-in rules are "
                        + String.join(", ", BuiltInRules.NAMES));
            }
        }
        this.defaultWindowNanos = defaultWindowNanos;
        this.maxKeyFanout = maxKeyFanout;
        this.builtIns = BuiltInRules.create(defaultWindowNanos, disabledBuiltIns);
        this.configured = new LinkedHashMap<>();
        for (RuleDefinition definition : configured) {
            definition.compile(defaultWindowNanos);
            if (this.configured.put(definition.name(), definition) != null) {
                throw new InvalidRuleException("name: rule '" + definition.name() + "' is configured twice");
            }
        }
        this.store = store;
        this.codec = codec;
        refresh();
    }

    /** Rules to extract keys with, as of the last change or refresh. */
    public List<CorrelationRule> active() {
        return snapshot.rules();
    }

    public MatchSettings matchSettings() {
        return snapshot.settings();
    }

    /** User-defined rules: configured ones first, then those added over the API. */
    public List<RuleDefinition> definitions() {
        List<RuleDefinition> all = new ArrayList<>(configured.values());
        all.addAll(snapshot.stored().values());
        return all;
    }

    /** Validates, stores and activates a rule; an existing API rule of that name is replaced. */
    public void save(RuleDefinition definition) {
        definition.compile(defaultWindowNanos);
        if (configured.containsKey(definition.name())) {
            throw new InvalidRuleException("name: rule '" + definition.name() + "' is defined in configuration");
        }
        store.save(new StoredRule(definition.name(), codec.render(definition)));
        refresh();
    }

    /** Removes an API rule; false when there is none of that name. */
    public boolean delete(String name) {
        if (configured.containsKey(name)) {
            throw new InvalidRuleException("name: rule '" + name + "' is defined in configuration and cannot be deleted here");
        }
        boolean deleted = store.delete(name);
        refresh();
        return deleted;
    }

    /** Re-reads the stored rules, for rules another process added. */
    public void refresh() {
        Map<String, RuleDefinition> stored = new LinkedHashMap<>();
        for (StoredRule rule : store.all()) {
            stored.put(rule.name(), codec.parse(rule.definitionJson()));
        }
        List<CorrelationRule> rules = new ArrayList<>(builtIns);
        configured.values().forEach(d -> rules.add(d.compile(defaultWindowNanos)));
        stored.values().forEach(d -> rules.add(d.compile(defaultWindowNanos)));
        Map<String, MatchPolicy> policies = new HashMap<>();
        rules.forEach(rule -> policies.put(rule.name(), rule.policy()));
        snapshot = new Snapshot(List.copyOf(rules), stored,
                new MatchSettings(policies, new MatchPolicy(defaultWindowNanos, false), maxKeyFanout));
    }
}
