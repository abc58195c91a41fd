package dev.analyst.gateway.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.web.ErrorResponse;

class AnalyticsClientTests {

    @Test
    void forwardsAReportWithTheAdministratorsKeyAndPassesTheAnswerBack() throws IOException {
        var path = new AtomicReference<URI>();
        var authorization = new AtomicReference<String>();
        var upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/api/analytics", exchange -> {
            path.set(exchange.getRequestURI());
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            var answer = "[{\"group\":\"2026-01-01\",\"costUsd\":0.5}]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.start();
        try {
            var client = new AnalyticsClient(new AnalyticsProperties(
                    URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()), Duration.ofSeconds(1)));
            var request = MockServerHttpRequest.get("/admin/analytics/cost?groupBy=model")
                    .header("Authorization", "Bearer admin-secret")
                    .build();

            var response = client.forward(request).block(Duration.ofSeconds(10));

            assertThat(response).isNotNull();
            assertThat(response.getStatusCode().value()).isEqualTo(200);
            assertThat(path.get()).hasToString("/api/analytics/cost?groupBy=model");
            assertThat(authorization.get()).isEqualTo("Bearer admin-secret");
            var body = DataBufferUtils.join(response.getBody())
                    .map(buffer -> buffer.toString(StandardCharsets.UTF_8))
                    .block(Duration.ofSeconds(10));
            assertThat(body).contains("\"costUsd\":0.5");
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void answers503WhenAnalyticsCannotBeReached() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var client = new AnalyticsClient(
                new AnalyticsProperties(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(1)));

        assertThatThrownBy(() -> client.forward(MockServerHttpRequest.get("/admin/analytics/models")
                                .build())
                        .block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(
                        ErrorResponse.class,
                        error -> assertThat(error.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
    }
}
