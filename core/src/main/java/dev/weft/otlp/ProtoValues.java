package dev.weft.otlp;

import com.google.protobuf.ByteString;
import dev.weft.model.AnyValue;
import dev.weft.model.Attributes;
import dev.weft.model.InstrumentationScope;
import dev.weft.model.Resource;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions of the OTLP common messages, both ways, shared by the decoder and encoder. */
final class ProtoValues {

    private ProtoValues() {
    }

    static AnyValue toModel(io.opentelemetry.proto.common.v1.AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> new AnyValue.Str(value.getStringValue());
            case BOOL_VALUE -> new AnyValue.Bool(value.getBoolValue());
            case INT_VALUE -> new AnyValue.Int(value.getIntValue());
            case DOUBLE_VALUE -> new AnyValue.Dbl(value.getDoubleValue());
            case BYTES_VALUE -> new AnyValue.Bytes(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> {
                List<AnyValue> values = new ArrayList<>(value.getArrayValue().getValuesCount());
                for (var v : value.getArrayValue().getValuesList()) {
                    values.add(toModel(v));
                }
                yield new AnyValue.Array(values);
            }
            case KVLIST_VALUE -> new AnyValue.KvList(toModel(value.getKvlistValue().getValuesList()));
            // String tables exist only in the profiles signal; elsewhere an index means nothing.
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> AnyValue.Empty.INSTANCE;
        };
    }

    static Attributes toModel(List<KeyValue> keyValues) {
        if (keyValues.isEmpty()) {
            return Attributes.empty();
        }
        Map<String, AnyValue> map = new LinkedHashMap<>(keyValues.size() * 2);
        for (KeyValue kv : keyValues) {
            map.put(kv.getKey(), toModel(kv.getValue()));
        }
        return Attributes.of(map);
    }

    static Resource toModel(io.opentelemetry.proto.resource.v1.Resource resource, String schemaUrl) {
        return new Resource(toModel(resource.getAttributesList()), resource.getDroppedAttributesCount(), schemaUrl);
    }

    static InstrumentationScope toModel(io.opentelemetry.proto.common.v1.InstrumentationScope scope, String schemaUrl) {
        return new InstrumentationScope(scope.getName(), scope.getVersion(), toModel(scope.getAttributesList()),
                scope.getDroppedAttributesCount(), schemaUrl);
    }

    static io.opentelemetry.proto.common.v1.AnyValue toProto(AnyValue value) {
        var b = io.opentelemetry.proto.common.v1.AnyValue.newBuilder();
        switch (value) {
            case AnyValue.Empty e -> {
            }
            case AnyValue.Str s -> b.setStringValue(s.value());
            case AnyValue.Bool v -> b.setBoolValue(v.value());
            case AnyValue.Int i -> b.setIntValue(i.value());
            case AnyValue.Dbl d -> b.setDoubleValue(d.value());
            case AnyValue.Bytes bytes -> b.setBytesValue(ByteString.copyFrom(bytes.value()));
            case AnyValue.Array a -> {
                ArrayValue.Builder array = ArrayValue.newBuilder();
                a.values().forEach(v -> array.addValues(toProto(v)));
                b.setArrayValue(array);
            }
            case AnyValue.KvList kv -> b.setKvlistValue(KeyValueList.newBuilder().addAllValues(toProto(kv.values())));
        }
        return b.build();
    }

    static List<KeyValue> toProto(Attributes attributes) {
        List<KeyValue> out = new ArrayList<>(attributes.size());
        attributes.asMap().forEach((k, v) -> out.add(KeyValue.newBuilder().setKey(k).setValue(toProto(v)).build()));
        return out;
    }

    static io.opentelemetry.proto.resource.v1.Resource toProto(Resource resource) {
        return io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                .addAllAttributes(toProto(resource.attributes()))
                .setDroppedAttributesCount(resource.droppedAttributesCount())
                .build();
    }

    static io.opentelemetry.proto.common.v1.InstrumentationScope toProto(InstrumentationScope scope) {
        return io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder()
                .setName(scope.name())
                .setVersion(scope.version())
                .addAllAttributes(toProto(scope.attributes()))
                .setDroppedAttributesCount(scope.droppedAttributesCount())
                .build();
    }

    static ByteString idBytes(String hex) {
        return hex.isEmpty() ? ByteString.EMPTY : ByteString.copyFrom(dev.weft.model.TraceIds.bytes(hex));
    }
}
