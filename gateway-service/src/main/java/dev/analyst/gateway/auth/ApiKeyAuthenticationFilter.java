package dev.analyst.gateway.auth;

import dev.analyst.gateway.openai.OpenAiErrors;
import dev.analyst.gateway.problem.ProblemResponses;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Resolves the credential of every {@code /api} and {@code /v1} request (an {@code Authorization: Bearer}
 * token or an {@code X-API-Key} header) to its {@link Caller}, or answers 401 before any handler runs: a
 * problem detail on {@code /api}, OpenAI's error on {@code /v1}, whose clients read only that. A credential is a
 * configured key, or one that a {@link BearerAuthenticator} accepts (an account's access token, an API key
 * a user made). A request may name the workspace it acts in with {@code X-Workspace-Id}; one the caller does
 * not belong to is refused with 403. Signing up, signing in and refreshing are open: they are how a caller
 * gets a credential.
 */
final class ApiKeyAuthenticationFilter implements WebFilter, Ordered {

    static final String API_KEY_HEADER = "X-API-Key";
    static final String WORKSPACE_HEADER = "X-Workspace-Id";
    private static final String BEARER = "Bearer ";
    private static final Set<String> OPEN_PATHS =
            Set.of("/api/auth/register", "/api/auth/token", "/api/auth/login", "/api/auth/refresh");

    private final ApiKeys apiKeys;
    private final List<BearerAuthenticator> authenticators;
    private final ProblemResponses problems;
    private final OpenAiErrors openAiErrors;

    ApiKeyAuthenticationFilter(ApiKeys apiKeys, ProblemResponses problems, OpenAiErrors openAiErrors) {
        this(apiKeys, List.of(), problems, openAiErrors);
    }

    ApiKeyAuthenticationFilter(
            ApiKeys apiKeys,
            List<BearerAuthenticator> authenticators,
            ProblemResponses problems,
            OpenAiErrors openAiErrors) {
        this.apiKeys = apiKeys;
        this.authenticators = List.copyOf(authenticators);
        this.problems = problems;
        this.openAiErrors = openAiErrors;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var path = exchange.getRequest().getPath().pathWithinApplication().value();
        var openAi = OpenAiErrors.covers(path);
        if (!openAi && !path.equals("/api") && !path.startsWith("/api/") || OPEN_PATHS.contains(path)) {
            return chain.filter(exchange);
        }
        var headers = exchange.getRequest().getHeaders();
        var presented = presentedKey(headers);
        return authenticate(presented, requestedWorkspace(headers)).flatMap(outcome -> switch (outcome) {
            case Authenticated(var caller) -> {
                exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
                yield chain.filter(exchange);
            }
            case Unauthenticated() ->
                openAi ? unauthorizedOpenAi(exchange, presented) : unauthorized(exchange, path, presented);
            case Refused() -> openAi ? openAiErrors.workspaceRefused(exchange) : refused(exchange, path);
        });
    }

    private Mono<Outcome> authenticate(@Nullable String presented, @Nullable String workspace) {
        if (presented == null) {
            return Mono.just(new Unauthenticated());
        }
        var configured = apiKeys.authenticate(presented);
        if (configured.isPresent()) {
            // A configured key stands for one tenant and can act in no other.
            var caller = configured.get();
            return Mono.just(
                    workspace == null || workspace.equals(caller.tenantId())
                            ? new Authenticated(caller)
                            : new Refused());
        }
        return Flux.fromIterable(authenticators)
                .concatMap(authenticator -> authenticator.authenticate(presented, workspace))
                .next()
                .<Outcome>map(Authenticated::new)
                .onErrorResume(WorkspaceRefused.class, refused -> Mono.just(new Refused()))
                .defaultIfEmpty(new Unauthenticated());
    }

    private Mono<Void> unauthorized(ServerWebExchange exchange, String path, @Nullable String presented) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNAUTHORIZED,
                presented == null
                        ? "Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."
                        : "The API key is not valid.");
        problem.setTitle("Unauthorized");
        problem.setInstance(URI.create(path));
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"analyst\"");
        return problems.write(exchange, problem);
    }

    private Mono<Void> unauthorizedOpenAi(ServerWebExchange exchange, @Nullable String presented) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"analyst\"");
        return openAiErrors.unauthorized(exchange, presented != null);
    }

    private Mono<Void> refused(ServerWebExchange exchange, String path) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN, "The workspace does not exist or you are not a member of it.");
        problem.setTitle("Workspace not available");
        problem.setInstance(URI.create(path));
        return problems.write(exchange, problem);
    }

    private static @Nullable String requestedWorkspace(HttpHeaders headers) {
        var workspace = headers.getFirst(WORKSPACE_HEADER);
        return workspace == null || workspace.isBlank() ? null : workspace.strip();
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

    private sealed interface Outcome {}

    private record Authenticated(Caller caller) implements Outcome {}

    private record Unauthenticated() implements Outcome {}

    private record Refused() implements Outcome {}
}
