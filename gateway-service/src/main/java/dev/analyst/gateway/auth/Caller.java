package dev.analyst.gateway.auth;

/**
 * The authenticated caller of an API request: every object id in the request is checked against
 * this tenant (and, for conversations, this user).
 */
public record Caller(String tenantId, String userId) {

    /** The exchange attribute the authentication filter stores the caller under. */
    public static final String ATTRIBUTE = "dev.analyst.gateway.auth.Caller";
}
