package dev.weft.server.roles;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RoleTest {

    @Test
    void allMeansEveryRole() {
        assertThat(Role.parse(List.of("all"))).isEqualTo(EnumSet.allOf(Role.class));
        assertThat(Role.parse(List.of("collector", " ALL "))).isEqualTo(EnumSet.allOf(Role.class));
    }

    @Test
    void listsSelectASubset() {
        assertThat(Role.parse(List.of("collector", "query-api"))).containsExactly(Role.COLLECTOR, Role.QUERY_API);
        assertThat(Role.parse(List.of("correlator"))).containsExactly(Role.CORRELATOR);
    }

    @Test
    void unknownOrMissingRolesAreErrorsThatNameTheChoices() {
        assertThatIllegalArgumentException().isThrownBy(() -> Role.parse(List.of("ingester")))
                .withMessage("weft.roles: unknown role 'ingester', expected all, collector, correlator, query-api");
        assertThatIllegalArgumentException().isThrownBy(() -> Role.parse(List.of(" ")))
                .withMessageStartingWith("weft.roles: no role given");
    }
}
