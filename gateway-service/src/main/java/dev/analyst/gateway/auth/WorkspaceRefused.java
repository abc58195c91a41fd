package dev.analyst.gateway.auth;

/**
 * A valid credential asked to act in a workspace it may not: one that does not exist and one the caller is
 * not a member of are refused alike, so the answer does not reveal which workspaces exist.
 */
public final class WorkspaceRefused extends RuntimeException {

    public WorkspaceRefused() {
        super("The caller is not a member of the requested workspace", null, false, false);
    }
}
