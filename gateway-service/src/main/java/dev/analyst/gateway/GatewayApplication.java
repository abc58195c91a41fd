package dev.analyst.gateway;

import dev.analyst.contracts.process.Startup;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The public edge of Analyst: questions in, resumable run streams out, uploads routed to ingestion. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        // A context that fails to start (a taken port, say) would otherwise leave a JVM that neither serves nor exits.
        Startup.orExit(() -> SpringApplication.run(GatewayApplication.class, args));
    }
}
