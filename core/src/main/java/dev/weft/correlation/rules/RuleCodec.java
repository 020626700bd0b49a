package dev.weft.correlation.rules;

/** Turns stored rule JSON into definitions and back; the JSON library lives above core. */
public interface RuleCodec {

    RuleDefinition parse(String json);

    String render(RuleDefinition definition);
}
