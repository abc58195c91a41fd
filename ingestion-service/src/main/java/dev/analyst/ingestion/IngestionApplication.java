package dev.analyst.ingestion;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Turns uploaded files and connected PostgreSQL databases into datasets the analyst can query. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestionApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestionApplication.class, args);
    }
}
