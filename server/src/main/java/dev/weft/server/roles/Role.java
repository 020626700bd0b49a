package dev.weft.server.roles;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The parts of Weft a process can run; {@code all} in configuration means every one. */
public enum Role {
    COLLECTOR("collector"), CORRELATOR("correlator"), QUERY_API("query-api");

    private final String configName;

    Role(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** Parses {@code weft.roles} values such as {@code all} or {@code collector,query-api}. */
    public static Set<Role> parse(Iterable<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("all")) {
                return EnumSet.allOf(Role.class);
            }
            roles.add(Arrays.stream(values()).filter(r -> r.configName.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("weft.roles: unknown role '" + raw + "', expected all, "
                            + Arrays.stream(values()).map(Role::configName).collect(Collectors.joining(", ")))));
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("weft.roles: no role given; use all or a list of "
                    + Arrays.stream(values()).map(Role::configName).collect(Collectors.joining(", ")));
        }
        return roles;
    }
}
