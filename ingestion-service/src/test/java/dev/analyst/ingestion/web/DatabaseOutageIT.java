package dev.analyst.ingestion.web;

import static org.awaitility.Awaitility.await;

import dev.analyst.infra.Infrastructure;
import dev.analyst.infra.TcpProxy;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Ingestion while PostgreSQL cannot be reached (its connections go through a proxy the test cuts; the
 * shared PostgreSQL stays up): listing datasets answers a 503 problem with {@code Retry-After} once the
 * pool gives up waiting for a connection, which the gateway hands on as it is, and works again once the
 * database is back, without a restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s") // the pool's bounded connection wait answers well within it
@DirtiesContext // its pool goes through the proxy: no later test should get this context
class DatabaseOutageIT {

    private static TcpProxy database;

    @DynamicPropertySource
    static void proxiedDatabase(DynamicPropertyRegistry registry) {
        var infrastructure = Infrastructure.shared();
        infrastructure.environment().forEach((name, value) -> registry.add(name, () -> value));
        database = TcpProxy.to(infrastructure.dbHost(), infrastructure.dbPort());
        var name = infrastructure.environment().get("ANALYST_DB_NAME");
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + database.port() + "/" + name);
    }

    @AfterAll
    static void closeProxy() {
        database.close();
    }

    @Autowired
    private WebTestClient web;

    @Test
    void listingDatasetsAnswers503WithRetryAfterUntilTheDatabaseIsBack() {
        database.cut();

        list().expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("The service is temporarily unavailable, try again shortly.")
                .jsonPath("$.code")
                .isEqualTo("unavailable");

        database.restore();

        // The pool replaces the connections the outage broke by itself.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> list().expectStatus().isOk());
    }

    private WebTestClient.ResponseSpec list() {
        return web.get()
                .uri("/api/datasets")
                .header("X-Tenant-Id", "outage_tenant")
                .header("X-User-Id", "ann")
                .exchange();
    }
}
