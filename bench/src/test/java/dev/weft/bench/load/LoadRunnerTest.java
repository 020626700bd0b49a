package dev.weft.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoadRunnerTest {

    @Test
    void backOffFollowsTheServersRetryInfo() {
        assertThat(LoadRunner.backoffNanos(exhausted(Duration.newBuilder().setNanos(250_000_000).build())))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(LoadRunner.backoffNanos(exhausted(Duration.newBuilder().setSeconds(1).setNanos(5).build())))
                .isEqualTo(TimeUnit.SECONDS.toNanos(1) + 5);
    }

    @Test
    void backOffIsCappedAndDefaultsWithoutRetryInfo() {
        assertThat(LoadRunner.backoffNanos(exhausted(Duration.newBuilder().setSeconds(3600).build())))
                .isEqualTo(TimeUnit.SECONDS.toNanos(5));
        assertThat(LoadRunner.backoffNanos(Status.UNAVAILABLE.asRuntimeException()))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    private static Exception exhausted(Duration delay) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.RESOURCE_EXHAUSTED.value()).setMessage("queue full")
                .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(delay).build())).build());
    }
}
