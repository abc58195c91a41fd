package dev.analyst.execution;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the steps the agent asks for: validated, read-only SQL against a tenant's dataset. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExecutionApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExecutionApplication.class, args);
    }
}
