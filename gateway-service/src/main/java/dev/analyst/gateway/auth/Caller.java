package dev.analyst.gateway.auth;

import java.util.Locale;

/**
 * The authenticated caller of an API request: every object id in the request is checked against
 * this tenant (and, for conversations, this user).
 *
 * @param tenantId the workspace the request acts in
 * @param userId who is calling: an account's id, or the user a configured key names
 * @param role what the caller may do in the workspace
 * @param viaApiKey whether the credential is an API key an account made: it acts on data as its maker
 *     does, but manages no keys, members or workspaces, so a leaked key cannot mint its own replacements
 */
public record Caller(String tenantId, String userId, Role role, boolean viaApiKey) {

    /** The exchange attribute the authentication filter stores the caller under. */
    public static final String ATTRIBUTE = "dev.analyst.gateway.auth.Caller";

    /** A plain member of the tenant: what a configured key stands for. */
    public Caller(String tenantId, String userId) {
        this(tenantId, userId, Role.MEMBER);
    }

    /** A person acting with their own credentials (a signed-in account, or a configured key). */
    public Caller(String tenantId, String userId, Role role) {
        this(tenantId, userId, role, false);
    }

    /** Whether the caller may manage the workspace's members. */
    public boolean administers() {
        return role == Role.OWNER || role == Role.ADMIN;
    }

    /** A person's role in a workspace, stored lower-case. */
    public enum Role {
        OWNER,
        ADMIN,
        MEMBER;

        public String stored() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Role fromStored(String stored) {
            return valueOf(stored.toUpperCase(Locale.ROOT));
        }
    }
}
