package dev.weft.collector;

import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of the running collector: HTTP on a random port, gRPC on an OS-chosen port, and a
 * request limit of 64 KiB so oversized requests stay cheap to send, and no bound on past times, for
 * the fixtures' fixed timestamps. One annotation, so every
 * test class shares one cached context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = CollectorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"weft.collector.grpc-port=0", "weft.collector.max-request-bytes=" + CollectorTest.MAX_REQUEST_BYTES,
                "weft.collector.limits.max-past=36500d"})
public @interface CollectorTest {

    int MAX_REQUEST_BYTES = 64 * 1024;
}
