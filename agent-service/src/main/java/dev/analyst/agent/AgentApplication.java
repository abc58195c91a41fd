package dev.analyst.agent;

import dev.analyst.contracts.process.Startup;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Plans and drives each run: validate, plan, execute steps, summarise, chart. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AgentApplication {

    public static void main(String[] args) {
        // A context that fails to start (a taken port, say) would otherwise leave a JVM that neither serves nor exits.
        Startup.orExit(() -> SpringApplication.run(AgentApplication.class, args));
    }
}
