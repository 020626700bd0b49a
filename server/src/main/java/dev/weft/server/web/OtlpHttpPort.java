package dev.weft.server.web;

import dev.weft.collector.CollectorProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * OTLP/HTTP gets its own port (4318 by convention) as a second Tomcat connector of the one
 * web server, and the two ports do not answer for each other: the OTLP port serves only
 * {@code /v1/*}, the main port (3200) everything else.
 */
public final class OtlpHttpPort extends OncePerRequestFilter
        implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final String OTLP_PATH_PREFIX = "/v1/";

    private final Connector connector;

    public OtlpHttpPort(CollectorProperties properties) {
        this.connector = new Connector();
        this.connector.setPort(properties.httpPort());
        // Read the rest of a refused body (up to the request limit) so the client sees the 413
        // instead of a connection reset.
        if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
            http.setMaxSwallowSize(properties.maxRequestBytes());
        }
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addAdditionalConnectors(connector);
    }

    /** The bound port, known once the web server has started (useful when configured as 0). */
    public int localPort() {
        return connector.getLocalPort();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean onOtlpPort = request.getLocalPort() == connector.getLocalPort();
        boolean otlpPath = request.getRequestURI().startsWith(OTLP_PATH_PREFIX);
        if (onOtlpPort != otlpPath) {
            response.sendError(HttpStatus.NOT_FOUND.value(), onOtlpPort
                    ? "this is the OTLP/HTTP port: only /v1/traces, /v1/logs and /v1/metrics are served here"
                    : "OTLP/HTTP is served on port " + connector.getLocalPort());
            return;
        }
        chain.doFilter(request, response);
    }
}
