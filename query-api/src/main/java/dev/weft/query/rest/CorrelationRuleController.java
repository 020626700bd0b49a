package dev.weft.query.rest;

import dev.weft.correlation.rules.InvalidRuleException;
import dev.weft.correlation.rules.RuleDefinition;
import dev.weft.correlation.rules.RuleRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * User-defined correlation rules. A posted rule is validated, stored in the ledger (so it
 * survives restarts and reaches every process) and used for spans ingested from then on.
 */
@RestController
@RequestMapping(path = "/api/v1/correlation-rules", produces = "application/json")
public class CorrelationRuleController {

    private final RuleRegistry rules;

    public CorrelationRuleController(RuleRegistry rules) {
        this.rules = rules;
    }

    public record RuleList(List<RuleDefinition> rules) {
    }

    @GetMapping
    public RuleList list() {
        return new RuleList(rules.definitions());
    }

    @GetMapping("/{name}")
    public RuleDefinition get(@PathVariable String name) {
        return find(name);
    }

    @PostMapping(consumes = "application/json")
    public ResponseEntity<RuleDefinition> save(@RequestBody RuleDefinition definition) {
        rules.save(definition);
        return ResponseEntity.status(HttpStatus.CREATED).body(find(definition.name()));
    }

    @DeleteMapping("/{name}")
    public ResponseEntity<Void> delete(@PathVariable String name) {
        if (!rules.delete(name)) {
            throw new NotFoundException("no correlation rule named '" + name + "'");
        }
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler
    ResponseEntity<ErrorJson> invalidRule(InvalidRuleException e) {
        return ResponseEntity.badRequest().body(new ErrorJson("invalid rule: " + e.getMessage(), null));
    }

    private RuleDefinition find(String name) {
        return rules.definitions().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("no correlation rule named '" + name + "'"));
    }
}
