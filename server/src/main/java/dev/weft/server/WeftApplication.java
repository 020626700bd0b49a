package dev.weft.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The one executable. Which roles run in this process is configuration ({@code weft.roles}),
 * so the same jar is a laptop's all-in-one and each Deployment of a scaled install.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WeftApplication {

    public static void main(String[] args) {
        SpringApplication.run(WeftApplication.class, args);
    }
}
