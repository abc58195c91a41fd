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
import org.springframework.web.ErrorResponse;

class IngestionClientTests {

    @Test
    void answers503WhenIngestionCannotBeReached() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var properties = new GatewayProperties(
                List.of(),
                new GatewayProperties.Ingestion(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(1)),
                new GatewayProperties.Sse(Duration.ofSeconds(15)),
                new GatewayProperties.RunStream(Duration.ofHours(24)),
                new GatewayProperties.Outbox(Duration.ofMillis(500), 100),
                new GatewayProperties.DatasetStream(Duration.ofHours(1), Duration.ofMillis(250)));
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
