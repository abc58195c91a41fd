package dev.analyst.execution;

import dev.analyst.contracts.process.Startup;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Runs the steps the agent asks for: validated, read-only SQL against a tenant's dataset. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExecutionApplication {

    public static void main(String[] args) {
        // A context that fails to start (a taken port, say) would otherwise leave a JVM that neither serves nor exits.
        Startup.orExit(() -> SpringApplication.run(ExecutionApplication.class, args));
    }
}
