package dev.analyst.gateway.auth;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A kind of credential beyond the configured keys (account access tokens, API keys made by users), tried
 * by the authentication filter in bean order.
 */
public interface BearerAuthenticator {

    /**
     * The caller the token stands for, acting in {@code workspaceId} (or the credential's default
     * workspace when null); empty when this authenticator does not accept the token. Fails with {@link
     * WorkspaceRefused} when the token is good but may not act in that workspace.
     */
    Mono<Caller> authenticate(String token, @Nullable String workspaceId);
}
