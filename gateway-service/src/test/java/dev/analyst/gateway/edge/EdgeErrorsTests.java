package dev.analyst.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.gateway.problem.ProblemResponses;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import tools.jackson.databind.json.JsonMapper;

class EdgeErrorsTests {

    private final JsonMapper mapper = new JsonMapper();
    private final EdgeErrors errors = new EdgeErrors(new ProblemResponses(ServerCodecConfigurer.create()), mapper);

    @Test
    void answersOpenAiClientsInOpenAisErrorShape() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions"));

        write(exchange);

        var response = exchange.getResponse();
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        var error = mapper.readTree(response.getBodyAsString().block(Duration.ofSeconds(5)));
        assertThat(error.propertyNames()).containsExactly("error");
        assertThat(error.get("error").get("message").asString()).isEqualTo("Slow down.");
        assertThat(error.get("error").get("type").asString()).isEqualTo("rate_limit_error");
        assertThat(error.get("error").get("param").isNull()).isTrue();
        assertThat(error.get("error").get("code").asString()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void answersApiClientsWithProblemDetails() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/conversations"));

        write(exchange);

        var response = exchange.getResponse();
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        var problem = mapper.readTree(response.getBodyAsString().block(Duration.ofSeconds(5)));
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("title").asString()).isEqualTo("Too many requests");
        assertThat(problem.get("detail").asString()).isEqualTo("Slow down.");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/conversations");
        assertThat(problem.get("scope").asString()).isEqualTo("user");
    }

    private void write(MockServerWebExchange exchange) {
        errors.write(
                        exchange,
                        HttpStatus.TOO_MANY_REQUESTS,
                        "Too many requests",
                        "Slow down.",
                        "rate_limit_error",
                        "rate_limit_exceeded",
                        Map.of("scope", "user"))
                .block(Duration.ofSeconds(5));
    }
}
