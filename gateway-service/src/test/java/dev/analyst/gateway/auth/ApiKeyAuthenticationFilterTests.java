package dev.analyst.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.gateway.openai.OpenAiErrors;
import dev.analyst.gateway.problem.ProblemResponses;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

class ApiKeyAuthenticationFilterTests {

    private final ApiKeyAuthenticationFilter filter = new ApiKeyAuthenticationFilter(
            ApiKeys.parse(List.of("alpha-key:acme:alice")),
            new ProblemResponses(ServerCodecConfigurer.create()),
            new OpenAiErrors(JsonMapper.builder().build()));

    private final AtomicReference<@Nullable Caller> reached = new AtomicReference<>();
    private boolean chainCalled;

    private final WebFilterChain chain = exchange -> {
        chainCalled = true;
        reached.set(exchange.getAttribute(Caller.ATTRIBUTE));
        return Mono.empty();
    };

    @Test
    void answersAMissingKeyWithA401ProblemDetail() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/conversations"));

        filter.filter(exchange, chain).block();

        var response = exchange.getResponse();
        assertThat(chainCalled).isFalse();
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        assertThat(response.getBodyAsString().block())
                .contains("\"status\":401")
                .contains("\"title\":\"Unauthorized\"")
                .contains("\"instance\":\"/api/conversations\"")
                .contains("Authorization: Bearer");
    }

    @Test
    void answersAnUnknownKeyWithA401ProblemDetail() {
        var exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/conversations").header(HttpHeaders.AUTHORIZATION, "Bearer nope"));

        filter.filter(exchange, chain).block();

        assertThat(chainCalled).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("not valid");
    }

    @Test
    void acceptsABearerTokenAndResolvesTheCaller() {
        var exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/conversations").header(HttpHeaders.AUTHORIZATION, "bearer alpha-key"));

        filter.filter(exchange, chain).block();

        assertThat(reached.get()).isEqualTo(new Caller("acme", "alice"));
    }

    @Test
    void acceptsTheXApiKeyHeader() {
        var exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post("/api/questions").header("X-API-Key", "alpha-key"));

        filter.filter(exchange, chain).block();

        assertThat(reached.get()).isEqualTo(new Caller("acme", "alice"));
    }

    @Test
    void leavesActuatorEndpointsOpen() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health/readiness"));

        filter.filter(exchange, chain).block();

        assertThat(chainCalled).isTrue();
        assertThat(reached.get()).isNull();
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }

    @Test
    void keepsAConfiguredKeyToItsOwnTenant() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/conversations")
                .header("X-API-Key", "alpha-key")
                .header("X-Workspace-Id", "globex"));

        filter.filter(exchange, chain).block();

        assertThat(chainCalled).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void triesTheOtherAuthenticatorsForTokensThatAreNotConfiguredKeys() {
        BearerAuthenticator accounts = (token, workspace) -> switch (token) {
            case "account-token" ->
                Mono.just(new Caller(workspace == null ? "wpersonal" : workspace, "u1", Caller.Role.OWNER));
            case "outsider-token" -> Mono.error(new WorkspaceRefused());
            default -> Mono.empty();
        };
        var withAccounts = new ApiKeyAuthenticationFilter(
                ApiKeys.parse(List.of("alpha-key:acme:alice")),
                List.of(accounts),
                new ProblemResponses(ServerCodecConfigurer.create()),
                new OpenAiErrors(JsonMapper.builder().build()));

        var chosen = MockServerWebExchange.from(MockServerHttpRequest.get("/api/conversations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer account-token")
                .header("X-Workspace-Id", "wteam"));
        withAccounts.filter(chosen, chain).block();
        assertThat(reached.get()).isEqualTo(new Caller("wteam", "u1", Caller.Role.OWNER));

        var refused = MockServerWebExchange.from(MockServerHttpRequest.get("/api/conversations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer outsider-token"));
        withAccounts.filter(refused, chain).block();
        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        var unknown = MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/conversations").header(HttpHeaders.AUTHORIZATION, "Bearer who-knows"));
        withAccounts.filter(unknown, chain).block();
        assertThat(unknown.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(unknown.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                .startsWith("Bearer");
    }

    @Test
    void letsSigningUpInAndOnThroughWithoutACredential() {
        for (var path : List.of("/api/auth/register", "/api/auth/token", "/api/auth/login", "/api/auth/refresh")) {
            chainCalled = false;
            var exchange = MockServerWebExchange.from(MockServerHttpRequest.post(path));

            filter.filter(exchange, chain).block();

            assertThat(chainCalled).as(path).isTrue();
            assertThat(reached.get()).isNull();
        }
        var logout = MockServerWebExchange.from(MockServerHttpRequest.post("/api/auth/logout"));
        chainCalled = false;
        filter.filter(logout, chain).block();
        assertThat(chainCalled).isFalse();
        assertThat(logout.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void answersAWrongKeyOnV1WithOpenAisError() {
        var exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post("/v1/chat/completions").header(HttpHeaders.AUTHORIZATION, "Bearer nope"));

        filter.filter(exchange, chain).block();

        var response = exchange.getResponse();
        assertThat(chainCalled).isFalse();
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(response.getBodyAsString().block())
                .isEqualTo("{\"error\":{\"message\":\"Incorrect API key provided.\","
                        + "\"type\":\"authentication_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
    }

    @Test
    void resolvesTheCallerOfAV1RequestFromItsBearerToken() {
        var exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/v1/models").header(HttpHeaders.AUTHORIZATION, "Bearer alpha-key"));

        filter.filter(exchange, chain).block();

        assertThat(reached.get()).isEqualTo(new Caller("acme", "alice"));
    }
}
