package dev.analyst.ingestion;

import dev.analyst.infra.Infrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one application context the integration tests share, against the real PostgreSQL and Kafka
 * of {@link Infrastructure#shared()}. Loopback is opened in the egress policy for exactly 127.0.0.1,
 * where the test database listens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Uploads and scrapes on a busy 2-core machine can take longer than the 5 s default.
@AutoConfigureWebTestClient(timeout = "30s")
public abstract class IntegrationTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.shared().environment().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("ANALYST_EGRESS_ALLOW", () -> "127.0.0.1/32");
        // Small enough that a test can cross it (413); larger than any other upload of the suite.
        registry.add("ANALYST_MAX_UPLOAD_SIZE", () -> "4MB");
        // Columns typed from their first 4 rows, so every upload of the suite also checks that widening
        // in place, and loading again when a sample misjudged a column, give the types of the whole file.
        registry.add("analyst.ingestion.load.sample-rows", () -> "4");
        // Direct copies cut into chunks of a record or two and spread over three connections, so that
        // every clean upload of the suite is copied in parallel, whatever the machine's cores.
        registry.add("analyst.ingestion.load.copy-connections", () -> "3");
        registry.add("analyst.ingestion.load.copy-chunk-size", () -> "16B");
    }
}
