package dev.analyst.gateway.account;

/**
 * A workspace the caller belongs to.
 *
 * @param personal whether it is the caller's own, the one requests act in when they name none
 */
record WorkspaceView(String id, String name, String role, boolean personal) {}
