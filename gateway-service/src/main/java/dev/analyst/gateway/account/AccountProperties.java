package dev.analyst.gateway.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How accounts sign in, bound from {@code analyst.gateway.accounts.*}. Kept apart from {@code
 * GatewayProperties} so the accounts feature owns its settings and their defaults.
 *
 * @param secretKey the suite's key ({@code ANALYST_SECRET_KEY}, Base64 of 32 bytes); the access tokens'
 *     signing key is derived from it, so every gateway instance verifies every other's tokens
 * @param issuer the {@code iss} and {@code aud} of access tokens, so a token minted elsewhere with the same
 *     key for another purpose is not accepted here
 * @param accessTokenTtl how long an access token is good for; short, because it cannot be revoked
 * @param refreshTokenTtl how long a refresh token is good for if it is never used
 */
@Validated
@ConfigurationProperties("analyst.gateway.accounts")
public record AccountProperties(
        @NotBlank String secretKey,
        @NotBlank @DefaultValue("analyst-gateway") String issuer,
        @NotNull @DefaultValue("15m") Duration accessTokenTtl,
        @NotNull @DefaultValue("30d") Duration refreshTokenTtl) {}
