package dev.weft.server.correlation;

import dev.weft.correlation.rules.InvalidRuleException;
import dev.weft.correlation.rules.RuleCodec;
import dev.weft.correlation.rules.RuleDefinition;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Rules are stored and served as the JSON users write them in (DESIGN.md's rule format). */
final class JsonRuleCodec implements RuleCodec {

    private final JsonMapper json;

    JsonRuleCodec(JsonMapper json) {
        this.json = json;
    }

    @Override
    public RuleDefinition parse(String text) {
        try {
            return json.readValue(text, RuleDefinition.class);
        } catch (JacksonException e) {
            throw new InvalidRuleException("not a rule definition: " + e.getOriginalMessage());
        }
    }

    @Override
    public String render(RuleDefinition definition) {
        return json.writeValueAsString(definition);
    }
}
