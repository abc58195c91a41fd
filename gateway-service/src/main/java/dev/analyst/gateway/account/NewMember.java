package dev.analyst.gateway.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An existing account to add to a workspace.
 *
 * @param role {@code admin} or {@code member}; a workspace has one owner, its creator
 */
record NewMember(
        @NotBlank @Email @Size(max = 254) String email,

        @NotNull @Pattern(regexp = "admin|member", message = "must be admin or member")
        String role) {}
