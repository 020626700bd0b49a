package dev.weft.testing;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.trace.v1.TraceProto;
import io.opentelemetry.proto.trace.v1.TracesData;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tempo's {@code TraceByIDResponse} as its {@code tempo.proto} declares it, built at run time so
 * that tests decode Weft's answers with the message Grafana decodes them with:
 * {@code Trace trace = 1; TraceByIDMetrics metrics = 2; PartialStatus status = 3; string message = 4},
 * where {@code Trace} is wire-identical to OTLP's {@code TracesData}.
 */
public final class TempoProtos {

    private static final Descriptors.Descriptor TRACE_BY_ID_RESPONSE;

    static {
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("tempopb/tempo.proto").setPackage("tempopb").setSyntax("proto3")
                .addDependency(TraceProto.getDescriptor().getFile().getName())
                .addEnumType(EnumDescriptorProto.newBuilder().setName("PartialStatus")
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("COMPLETE").setNumber(0))
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("PARTIAL").setNumber(1)))
                .addMessageType(DescriptorProto.newBuilder().setName("TraceByIDMetrics")
                        .addField(field("failedBlocks", 1, Type.TYPE_UINT32, null)))
                .addMessageType(DescriptorProto.newBuilder().setName("TraceByIDResponse")
                        .addField(field("trace", 1, Type.TYPE_MESSAGE, ".opentelemetry.proto.trace.v1.TracesData"))
                        .addField(field("metrics", 2, Type.TYPE_MESSAGE, ".tempopb.TraceByIDMetrics"))
                        .addField(field("status", 3, Type.TYPE_ENUM, ".tempopb.PartialStatus"))
                        .addField(field("message", 4, Type.TYPE_STRING, null)))
                .build();
        try {
            TRACE_BY_ID_RESPONSE = Descriptors.FileDescriptor.buildFrom(file,
                    new Descriptors.FileDescriptor[]{TraceProto.getDescriptor().getFile()}).findMessageTypeByName("TraceByIDResponse");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TempoProtos() {
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Type type, String typeName) {
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
                .setType(type).setLabel(Label.LABEL_OPTIONAL);
        return typeName == null ? field : field.setTypeName(typeName);
    }

    /** Decodes a v2 answer as Grafana does, checks it is complete and has nothing Tempo's message lacks, and returns its trace. */
    public static TracesData traceByIdResponse(byte[] body) {
        try {
            DynamicMessage response = DynamicMessage.parseFrom(TRACE_BY_ID_RESPONSE, body);
            assertThat(response.getUnknownFields().asMap()).as("fields TraceByIDResponse does not have").isEmpty();
            assertThat(response.getField(TRACE_BY_ID_RESPONSE.findFieldByName("status")).toString()).isEqualTo("COMPLETE");
            assertThat(response.hasField(TRACE_BY_ID_RESPONSE.findFieldByName("trace"))).isTrue();
            return TracesData.parseFrom(((DynamicMessage) response.getField(TRACE_BY_ID_RESPONSE.findFieldByName("trace")))
                    .toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a TraceByIDResponse", e);
        }
    }

    /** Decodes a v1 answer as Grafana does: Tempo's {@code Trace}, the same bytes as {@code TracesData}. */
    public static TracesData trace(byte[] body) {
        try {
            TracesData trace = TracesData.parseFrom(body);
            assertThat(trace.getUnknownFields().asMap()).isEmpty();
            return trace;
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a Trace", e);
        }
    }
}
