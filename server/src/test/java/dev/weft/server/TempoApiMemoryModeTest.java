package dev.weft.server;

import dev.weft.server.web.OtlpHttpPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Grafana's Tempo requests against Weft with memory storage, the default. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"weft.collector.grpc-port=0", "weft.collector.http-port=0"})
class TempoApiMemoryModeTest extends TempoApiEndToEndTest {

    @LocalServerPort
    int port;

    @Autowired
    OtlpHttpPort otlpHttpPort;

    @Override
    int port() {
        return port;
    }

    @Override
    int otlpHttpPort() {
        return otlpHttpPort.localPort();
    }
}
