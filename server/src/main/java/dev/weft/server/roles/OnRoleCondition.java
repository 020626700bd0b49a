package dev.weft.server.roles;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.List;

/** Reads {@code weft.roles} (a list, default {@code all}) through the Binder so env vars work too. */
final class OnRoleCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Role role = (Role) metadata.getAnnotationAttributes(ConditionalOnRole.class.getName()).get("value");
        return configuredRoles(context).contains(role);
    }

    static java.util.Set<Role> configuredRoles(ConditionContext context) {
        List<String> names = Binder.get(context.getEnvironment())
                .bind("weft.roles", Bindable.listOf(String.class)).orElse(List.of("all"));
        return Role.parse(names);
    }
}
