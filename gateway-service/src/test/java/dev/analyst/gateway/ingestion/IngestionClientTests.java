package dev.analyst.gateway.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.gateway.GatewayProperties;
import dev.analyst.gateway.auth.Caller;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponse;

class IngestionClientTests {

    private static GatewayProperties upstreamAt(URI url) {
        return new GatewayProperties(
                List.of(),
                new GatewayProperties.Ingestion(url, Duration.ofSeconds(1)),
                new GatewayProperties.Sse(Duration.ofSeconds(15), 256),
                new GatewayProperties.RunStream(Duration.ofHours(24), Duration.ofMinutes(30)),
                new GatewayProperties.Outbox(Duration.ofMillis(500), 100),
                new GatewayProperties.DatasetStream(Duration.ofHours(1), Duration.ofMillis(250)),
                new GatewayProperties.RateLimits(true, 600, 6000, Duration.ofMinutes(1), 20),
                new GatewayProperties.RequestLimits(DataSize.ofMegabytes(1), DataSize.ofGigabytes(1)),
                new GatewayProperties.Cors(List.of(), Duration.ofMinutes(30)));
    }

    @Test
    void forwardsASimpleUploadWithItsFileNameAndTheCallerAndPassesTheAnswerBack() throws IOException {
        var received = new java.util.concurrent.atomic.AtomicReference<com.sun.net.httpserver.HttpExchange>();
        var body = new java.util.concurrent.atomic.AtomicReference<String>();
        var upstream = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/api/datasets", exchange -> {
            received.set(exchange);
            body.set(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            var answer = "{\"id\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.start();
        try {
            var client = new IngestionClient(upstreamAt(
                    URI.create("http://127.0.0.1:" + upstream.getAddress().getPort())));
            var request = MockServerHttpRequest.post("/api/datasets?name=sales")
                    .header("Content-Type", "text/csv")
                    .header("Content-Disposition", "attachment; filename=\"sales.csv\"")
                    .header("X-Tenant-Id", "forged")
                    .body("a,b\n1,2\n");

            var response = client.forward(request, new Caller("acme", "alice")).block(Duration.ofSeconds(10));

            assertThat(response).isNotNull();
            assertThat(response.getStatusCode().value()).isEqualTo(201);
            var headers = received.get().getRequestHeaders();
            assertThat(received.get().getRequestURI().getQuery()).isEqualTo("name=sales");
            assertThat(headers.getFirst("Content-Type")).isEqualTo("text/csv");
            assertThat(headers.getFirst("Content-Disposition")).isEqualTo("attachment; filename=\"sales.csv\"");
            assertThat(headers.getFirst("X-Tenant-Id"))
                    .as("the caller, never the client's claim")
                    .isEqualTo("acme");
            assertThat(body.get()).isEqualTo("a,b\n1,2\n");
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void answers503WhenIngestionCannotBeReached() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var properties = new GatewayProperties(
                List.of(),
                new GatewayProperties.Ingestion(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(1)),
                new GatewayProperties.Sse(Duration.ofSeconds(15), 256),
                new GatewayProperties.RunStream(Duration.ofHours(24), Duration.ofMinutes(30)),
                new GatewayProperties.Outbox(Duration.ofMillis(500), 100),
                new GatewayProperties.DatasetStream(Duration.ofHours(1), Duration.ofMillis(250)),
                new GatewayProperties.RateLimits(true, 600, 6000, Duration.ofMinutes(1), 20),
                new GatewayProperties.RequestLimits(DataSize.ofMegabytes(1), DataSize.ofGigabytes(1)),
                new GatewayProperties.Cors(List.of(), Duration.ofMinutes(30)));
        var client = new IngestionClient(properties);

        assertThatThrownBy(() -> client.forward(
                                MockServerHttpRequest.get("/api/datasets").build(), new Caller("acme", "alice"))
                        .block(Duration.ofSeconds(10)))
                .isInstanceOf(IngestionUnavailable.class)
                .satisfies(e -> {
                    var problem = ((ErrorResponse) e).getBody();
                    assertThat(problem.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.value());
                });
    }
}
