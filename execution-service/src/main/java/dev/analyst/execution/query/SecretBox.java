package dev.analyst.execution.query;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens datasource passwords sealed by ingestion: AES-256-GCM with the suite's secret key, the blob
 * being Base64 of a 12-byte IV followed by the ciphertext and its 16-byte tag.
 */
public final class SecretBox {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private static final int IV_BYTES = 12;

    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    private final SecureRandom random = new SecureRandom();

    /** A box for the key given as Base64 of exactly 32 bytes. */
    public SecretBox(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The secret key is not Base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("The secret key must be 32 bytes (AES-256); it has " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "AES");
        Arrays.fill(bytes, (byte) 0);
    }

    /** Encrypts {@code plaintext} with a fresh random IV. */
    public String seal(String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                            .put(iv)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts a sealed blob.
     *
     * @throws SecretUnreadable when the blob is malformed, was sealed with another key, or was altered
     */
    public String open(String sealed) {
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(sealed.strip());
        } catch (IllegalArgumentException e) {
            throw new SecretUnreadable("The sealed secret is not Base64");
        }
        if (blob.length < IV_BYTES + TAG_BITS / 8) {
            throw new SecretUnreadable("The sealed secret is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 0, IV_BYTES));
            byte[] plain = cipher.doFinal(blob, IV_BYTES, blob.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Wrong key or tampered ciphertext: the tag does not verify. Say no more than that.
            throw new SecretUnreadable("The sealed secret cannot be opened with this key");
        }
    }

    /** A sealed secret that cannot be opened. */
    public static final class SecretUnreadable extends RuntimeException {

        SecretUnreadable(String message) {
            super(message);
        }
    }
}
