package dev.analyst.gateway.account;

/**
 * What signing in (or refreshing) answers: a short-lived access token to send as {@code Authorization: Bearer},
 * and a refresh token to get the next one with, usable once.
 *
 * @param expiresIn the access token's lifetime in seconds
 * @param workspaceId the workspace requests act in when they name none ({@code X-Workspace-Id})
 */
record Tokens(
        String accessToken, String tokenType, long expiresIn, String refreshToken, String userId, String workspaceId) {}
