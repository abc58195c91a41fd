package dev.analyst.gateway.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A new account.
 *
 * @param password at least 12 characters; at most 128, which bounds the work one request can cost
 * @param workspaceName the name of the personal workspace; "Personal" when absent
 */
record Registration(
        @NotBlank @Email @Size(max = 254) String email,
        @NotNull @Size(min = 12, max = 128) String password,
        @Nullable @Size(max = 100) String workspaceName) {}
