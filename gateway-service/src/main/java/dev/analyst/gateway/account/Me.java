package dev.analyst.gateway.account;

/** Who the credential of a request stands for, and where it acts. */
record Me(String userId, String workspaceId, String role) {}
