package dev.analyst.gateway.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A refresh token to exchange, or to revoke on sign-out. */
record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {}
