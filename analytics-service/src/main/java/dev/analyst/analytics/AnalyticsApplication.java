package dev.analyst.analytics;

import dev.analyst.contracts.process.Startup;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Starts the analytics service. */
@SpringBootApplication
@EnableConfigurationProperties(AnalyticsProperties.class)
public class AnalyticsApplication {

    public static void main(String[] args) {
        // A context that fails to start (a taken port, say) would otherwise leave a JVM that neither serves nor exits.
        Startup.orExit(() -> SpringApplication.run(AnalyticsApplication.class, args));
    }
}
