package dev.analyst.gateway.account;

import java.time.Instant;

/** A member of a workspace, as its other members see them. */
record MemberView(String userId, String email, String role, Instant joinedAt) {}
