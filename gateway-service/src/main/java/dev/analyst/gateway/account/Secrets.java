package dev.analyst.gateway.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random tokens and the digests they are stored as. */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /**
     * A new token: the prefix says what it is (so a leaked one is recognisable in logs and scanners), then 32
     * random bytes as URL-safe Base64.
     */
    static String token(String prefix) {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The SHA-256 of a token. Tokens carry 256 random bits, so a fast hash is as good as a slow one here,
     * and it lets the token be looked up by its digest.
     */
    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    /** A new workspace id: a valid tenant id downstream ({@code [a-z0-9_]}, at most 40 characters). */
    static String workspaceId() {
        var bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "w" + java.util.HexFormat.of().formatHex(bytes);
    }
}
