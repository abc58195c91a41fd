package dev.analyst.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.infra.Infrastructure;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;
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
import tools.jackson.databind.JsonNode;

/**
 * The gateway while PostgreSQL cannot be reached: its connection pool points at a port nothing listens on
 * (the shared PostgreSQL of the other tests stays up). Users get a prompt 503 problem with {@code
 * Retry-After} and a plain message, on {@code /v1} in OpenAI's shape; never a hang or a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s") // the pool's bounded waits answer well within it
@DirtiesContext // its listeners and pools point at nothing: no later test should get this context
class DatabaseOutageIT {

    private static final String KEY = "outage-key-" + UUID.randomUUID();

    @DynamicPropertySource
    static void unreachableDatabase(DynamicPropertyRegistry registry) throws IOException {
        Infrastructure.shared().environment().forEach((name, value) -> registry.add(name, () -> value));
        int deadPort;
        try (var socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://127.0.0.1:" + deadPort + "/analyst?schema=gateway");
        // Nothing to migrate against; the schema is not needed to fail.
        registry.add("spring.flyway.enabled", () -> false);
        // Its consumers would join the gateway's group on the shared broker and then wait on the database
        // for ever, holding partitions other tests' gateways need.
        registry.add("spring.kafka.listener.auto-startup", () -> false);
        registry.add("ANALYST_API_KEYS", () -> KEY + ":outage-tenant:ann");
    }

    @Autowired
    private WebTestClient web;

    @Test
    void askingAQuestionAnswers503WithRetryAfter() {
        var problem = web.post()
                .uri("/api/questions")
                .header("X-API-Key", KEY)
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"question\": \"Which region sold the least?\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(problem).isNotNull();
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("detail").asString())
                .isEqualTo("The service is temporarily unavailable, try again shortly.");
        assertThat(problem.toString()).doesNotContainIgnoringCase("exception").doesNotContain("5432");
    }

    @Test
    void listingConversationsAnswers503WithRetryAfter() {
        web.get()
                .uri("/api/conversations")
                .header("X-API-Key", KEY)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Service unavailable");
    }

    @Test
    void aKeyLookedUpBeforeAnyHandlerAnswers503Too() {
        // A user-made key (ak_...) is looked up in PostgreSQL by the authentication filter.
        web.get()
                .uri("/api/conversations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer ak_" + UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("The service is temporarily unavailable, try again shortly.");
        web.get()
                .uri("/v1/models")
                .header(HttpHeaders.AUTHORIZATION, "Bearer ak_" + UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("service_unavailable");
    }

    @Test
    void theOpenAiApiAnswersItsOwnShape() {
        var error = web.post()
                .uri("/v1/chat/completions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\": \"analyst\", \"messages\": [{\"role\": \"user\", \"content\": \"Sales?\"}]}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(error).isNotNull();
        assertThat(error.at("/error/type").asString()).isEqualTo("server_error");
        assertThat(error.at("/error/code").asString()).isEqualTo("service_unavailable");
        assertThat(error.at("/error/message").asString())
                .isEqualTo("The service is temporarily unavailable, try again shortly.");
    }
}
