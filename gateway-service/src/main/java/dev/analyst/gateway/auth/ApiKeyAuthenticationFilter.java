package dev.analyst.gateway.auth;

import dev.analyst.gateway.openai.OpenAiErrors;
import dev.analyst.gateway.problem.ProblemResponses;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Resolves the API key of every {@code /api} and {@code /v1} request (an {@code Authorization: Bearer}
 * token or an {@code X-API-Key} header) to its {@link Caller}, or answers 401 before any handler runs: a
 * problem detail on {@code /api}, OpenAI's error on {@code /v1}, whose clients read only that.
 */
final class ApiKeyAuthenticationFilter implements WebFilter, Ordered {

    static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";

    private final ApiKeys apiKeys;
    private final ProblemResponses problems;
    private final OpenAiErrors openAiErrors;

    ApiKeyAuthenticationFilter(ApiKeys apiKeys, ProblemResponses problems, OpenAiErrors openAiErrors) {
        this.apiKeys = apiKeys;
        this.problems = problems;
        this.openAiErrors = openAiErrors;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var path = exchange.getRequest().getPath().pathWithinApplication().value();
        var openAi = OpenAiErrors.covers(path);
        if (!openAi && !path.equals("/api") && !path.startsWith("/api/")) {
            return chain.filter(exchange);
        }
        var presented = presentedKey(exchange.getRequest().getHeaders());
        var caller = apiKeys.authenticate(presented);
        if (caller.isEmpty()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"analyst\"");
            if (openAi) {
                return openAiErrors.unauthorized(exchange, presented != null);
            }
            var problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.UNAUTHORIZED,
                    presented == null
                            ? "Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."
                            : "The API key is not valid.");
            problem.setTitle("Unauthorized");
            problem.setInstance(URI.create(path));
            return problems.write(exchange, problem);
        }
        exchange.getAttributes().put(Caller.ATTRIBUTE, caller.get());
        return chain.filter(exchange);
    }

    private static @Nullable String presentedKey(HttpHeaders headers) {
        var authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            var token = authorization.substring(BEARER.length()).strip();
            return token.isEmpty() ? null : token;
        }
        var apiKey = headers.getFirst(API_KEY_HEADER);
        return apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    @Override
    public int getOrder() {
        // Before anything that could read the body or reach a handler.
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
