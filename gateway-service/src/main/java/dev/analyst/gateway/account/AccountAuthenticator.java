package dev.analyst.gateway.account;

import dev.analyst.gateway.auth.BearerAuthenticator;
import dev.analyst.gateway.auth.Caller;
import dev.analyst.gateway.auth.WorkspaceRefused;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Accepts the credentials accounts have: access tokens (JWTs) and the API keys they made. Tells them apart
 * by shape, so a token of one kind never costs a lookup of the other.
 */
final class AccountAuthenticator implements BearerAuthenticator {

    private final AccessTokens accessTokens;
    private final Workspaces workspaces;
    private final UserApiKeys apiKeys;

    AccountAuthenticator(AccessTokens accessTokens, Workspaces workspaces, UserApiKeys apiKeys) {
        this.accessTokens = accessTokens;
        this.workspaces = workspaces;
        this.apiKeys = apiKeys;
    }

    @Override
    public Mono<Caller> authenticate(String token, @Nullable String workspaceId) {
        if (token.startsWith(UserApiKeys.PREFIX)) {
            // A key is made for one workspace and acts in no other.
            return apiKeys.authenticate(token)
                    .flatMap(caller -> workspaceId == null || workspaceId.equals(caller.tenantId())
                            ? Mono.just(caller)
                            : Mono.error(new WorkspaceRefused()));
        }
        var claims = accessTokens.verify(token);
        if (claims.isEmpty()) {
            return Mono.empty();
        }
        var userId = claims.get().userId();
        var workspace = workspaceId == null ? claims.get().defaultWorkspaceId() : workspaceId;
        // Membership is looked up on every request, so removing a member takes effect at once.
        return workspaces
                .roleOf(workspace, userId)
                .map(role -> new Caller(workspace, userId.toString(), role))
                .switchIfEmpty(Mono.error(WorkspaceRefused::new));
    }
}
