package dev.analyst.ingestion;

import dev.analyst.contracts.process.Startup;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Turns uploaded files and connected PostgreSQL databases into datasets the analyst can query. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestionApplication {

    public static void main(String[] args) {
        // A context that fails to start (a taken port, say) would otherwise leave a JVM that neither serves nor exits.
        Startup.orExit(() -> SpringApplication.run(IngestionApplication.class, args));
    }
}
