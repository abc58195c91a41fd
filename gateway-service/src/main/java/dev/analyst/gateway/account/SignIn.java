package dev.analyst.gateway.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** An email and password to sign in with; the length cap bounds the hashing one request can cost. */
record SignIn(
        @NotBlank @Size(max = 254) String email,
        @NotNull @Size(max = 128) String password) {}
