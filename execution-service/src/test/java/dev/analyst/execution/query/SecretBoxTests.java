package dev.analyst.execution.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTests {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private final SecretBox box = new SecretBox(KEY);

    @Test
    void opensWhatItSealed() {
        String sealed = box.seal("s3cret pässword");

        assertThat(sealed).doesNotContain("s3cret");
        assertThat(box.open(sealed)).isEqualTo("s3cret pässword");
    }

    @Test
    void sealsWithAFreshIvEachTime() {
        assertThat(box.seal("same")).isNotEqualTo(box.seal("same"));
    }

    @Test
    void readsTheIvThenCiphertextAndTagLayout() {
        byte[] blob = Base64.getDecoder().decode(box.seal("abc"));

        // 12-byte IV, 3 bytes of ciphertext, 16-byte GCM tag.
        assertThat(blob).hasSize(12 + 3 + 16);
    }

    @Test
    void refusesASecretSealedWithAnotherKey() {
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        String sealed = new SecretBox(Base64.getEncoder().encodeToString(otherKey)).seal("password");

        assertThatThrownBy(() -> box.open(sealed))
                .isInstanceOf(SecretBox.SecretUnreadable.class)
                .hasMessageNotContaining("password");
    }

    @Test
    void refusesATamperedSecret() {
        byte[] blob = Base64.getDecoder().decode(box.seal("password"));
        blob[14] ^= 1;

        assertThatThrownBy(() -> box.open(Base64.getEncoder().encodeToString(blob)))
                .isInstanceOf(SecretBox.SecretUnreadable.class);
    }

    @Test
    void refusesKeysThatAreNotAes256() {
        assertThatThrownBy(() -> new SecretBox(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
    }
}
