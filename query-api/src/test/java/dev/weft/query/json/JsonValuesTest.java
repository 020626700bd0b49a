package dev.weft.query.json;

import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.Resource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

class JsonValuesTest {

    private static final long TWO_TO_53 = 9_007_199_254_740_992L;

    @Test
    void int64IsANumberUpToTwoToThe53AndAStringBeyond() {
        assertThat(JsonValues.int64(0)).isEqualTo(0L);
        assertThat(JsonValues.int64(TWO_TO_53)).isEqualTo(TWO_TO_53);
        assertThat(JsonValues.int64(-TWO_TO_53)).isEqualTo(-TWO_TO_53);
        assertThat(JsonValues.int64(TWO_TO_53 + 1)).isEqualTo("9007199254740993");
        assertThat(JsonValues.int64(-TWO_TO_53 - 1)).isEqualTo("-9007199254740993");
        assertThat(JsonValues.int64(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    }

    @Test
    void numbersKeepWhetherTheyWereIntegers() {
        assertThat(JsonValues.number(42L)).isEqualTo(42L);
        assertThat(JsonValues.number(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
        assertThat(JsonValues.number(42.0)).isEqualTo(42.0);
    }

    @Test
    void anyValueMapsToNaturalJson() {
        assertThat(JsonValues.value(AnyValue.of("s"))).isEqualTo("s");
        assertThat(JsonValues.value(AnyValue.of(true))).isEqualTo(true);
        assertThat(JsonValues.value(AnyValue.of(1.5))).isEqualTo(1.5);
        assertThat(JsonValues.value(AnyValue.of(7L))).isEqualTo(7L);
        assertThat(JsonValues.value(new AnyValue.Bytes(new byte[] {(byte) 0xff, 0, 1}))).isEqualTo("/wAB");
        assertThat(JsonValues.value(AnyValue.Empty.INSTANCE)).isNull();
        assertThat(JsonValues.value(new AnyValue.Array(List.of(AnyValue.of(1L), new AnyValue.Array(List.of(AnyValue.of("x")))))))
                .isEqualTo(List.of(1L, List.of("x")));
        Map<String, AnyValue> nested = new LinkedHashMap<>();
        nested.put("z", AnyValue.of(TWO_TO_53 + 1));
        nested.put("a", AnyValue.Empty.INSTANCE);
        assertThat(JsonValues.value(new AnyValue.KvList(Attributes.of(nested)))).asInstanceOf(MAP)
                .containsExactly(entry("z", "9007199254740993"), entry("a", null));
    }

    @Test
    void attributesKeepTheirOrder() {
        Map<String, AnyValue> values = new LinkedHashMap<>();
        for (String key : Arrays.asList("b", "a", "c")) {
            values.put(key, AnyValue.of(key));
        }
        assertThat(JsonValues.attributes(Attributes.of(values))).containsExactly(
                entry("b", "b"), entry("a", "a"), entry("c", "c"));
    }

    @Test
    void resourceAlwaysHasAServiceNameButKeepsTheOneSent() {
        assertThat(JsonValues.resource(Resource.EMPTY)).containsExactly(entry("service.name", "unknown_service"));
        Resource sent = new Resource(Attributes.of(Map.of("service.name", AnyValue.of("api"))), 0, "");
        assertThat(JsonValues.resource(sent)).containsExactly(entry("service.name", "api"));
    }
}
