package dev.analyst.contracts.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTests {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private final SecretBox box = SecretBox.fromBase64(KEY);

    @Test
    void opensWhatItSealed() {
        var sealed = box.seal("s3cret pässword");

        assertThat(sealed).doesNotContain("s3cret");
        assertThat(box.open(sealed)).isEqualTo("s3cret pässword");
    }

    @Test
    void sealsWithAFreshIvEachTime() {
        assertThat(box.seal("same")).isNotEqualTo(box.seal("same"));
    }

    @Test
    void sealsAsBase64OfIvCiphertextAndTag() {
        var bytes = Base64.getDecoder().decode(box.seal("abc"));

        assertThat(bytes).hasSize(12 + 3 + 16);
    }

    @Test
    void refusesTamperedValues() {
        var bytes = Base64.getDecoder().decode(box.seal("password"));
        bytes[bytes.length - 1] ^= 1;
        var tampered = Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> box.open(tampered)).isInstanceOf(SecretBox.SealBroken.class);
    }

    @Test
    void refusesValuesSealedWithAnotherKey() {
        var other = new byte[32];
        other[0] = 1;
        var sealed = new SecretBox(other).seal("password");

        assertThatThrownBy(() -> box.open(sealed)).isInstanceOf(SecretBox.SealBroken.class);
    }

    @Test
    void refusesKeysThatAreNot256Bits() {
        assertThatThrownBy(() -> new SecretBox(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretBox.fromBase64("not base64!")).isInstanceOf(IllegalArgumentException.class);
    }
}
