package dev.analyst.contracts.dataset;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ExternalPostgres#sealedPassword()} is sealed, so every service holding the suite's key
 * reads it the same way: short secrets (datasource passwords) sealed with AES-256-GCM. A sealed value is Base64 of a random
 * 12-byte IV followed by the ciphertext and its 16-byte tag, so any service holding the same key can
 * open it and no one without it can read or alter it.
 */
public final class SecretBox {

    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("An AES-256 key has 32 bytes, this one has " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** A box for a key given as Base64 of 32 bytes, as {@code ANALYST_SECRET_KEY} holds it. */
    public static SecretBox fromBase64(String key) {
        try {
            return new SecretBox(Base64.getDecoder().decode(key.strip()));
        } catch (IllegalArgumentException e) {
            // Never echo the key itself.
            throw new IllegalArgumentException("The secret key must be Base64 of 32 bytes", e);
        }
    }

    public String seal(String plaintext) {
        var iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            var ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(IV_BYTES + ciphertext.length)
                            .put(iv)
                            .put(ciphertext)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plaintext of a sealed value.
     *
     * @throws SealBroken when the value was not sealed with this key or was altered
     */
    public String open(String sealed) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new SealBroken("The sealed value is not Base64", e);
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new SealBroken("The sealed value is too short", null);
        }
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            var plaintext = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SealBroken("The sealed value was not sealed with this key or was altered", e);
        }
    }

    /**
     * A secret derived from the key for {@code label}: every service holding the key derives the same
     * one, so it never needs storing (HMAC-SHA256, as hex).
     */
    public String derive(String label) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("analyst:" + label).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** A sealed value could not be opened: wrong key, truncated or tampered with. */
    public static final class SealBroken extends RuntimeException {

        SealBroken(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }
}
