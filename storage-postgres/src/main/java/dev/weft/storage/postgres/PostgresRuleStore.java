package dev.weft.storage.postgres;

import dev.weft.correlation.ledger.RuleStore;
import dev.weft.correlation.ledger.StoredRule;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;

/** Rules in {@code correlation_rules}; jsonb rejects a definition that is not JSON. */
public final class PostgresRuleStore implements RuleStore {

    private final JdbcTemplate jdbc;

    public PostgresRuleStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public List<StoredRule> all() {
        return jdbc.query("SELECT name, definition::text FROM correlation_rules ORDER BY name",
                (row, n) -> new StoredRule(row.getString(1), row.getString(2)));
    }

    @Override
    public void save(StoredRule rule) {
        jdbc.update("""
                INSERT INTO correlation_rules (name, definition) VALUES (?, ?::jsonb)
                ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = now()
                """, rule.name(), rule.definitionJson());
    }

    @Override
    public boolean delete(String name) {
        return jdbc.update("DELETE FROM correlation_rules WHERE name = ?", name) > 0;
    }
}
