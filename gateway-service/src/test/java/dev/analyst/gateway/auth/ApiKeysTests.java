package dev.analyst.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTests {

    private final ApiKeys keys = ApiKeys.parse(List.of("alpha-key:acme:alice", " beta-key:globex:bob ", ""));

    @Test
    void resolvesEachKeyToItsTenantAndUser() {
        assertThat(keys.authenticate("alpha-key")).contains(new Caller("acme", "alice"));
        assertThat(keys.authenticate("beta-key")).contains(new Caller("globex", "bob"));
        assertThat(keys.size()).isEqualTo(2);
    }

    @Test
    void refusesUnknownEmptyAndAlmostMatchingKeys() {
        assertThat(keys.authenticate("gamma-key")).isEmpty();
        assertThat(keys.authenticate("alpha-ke")).isEmpty();
        assertThat(keys.authenticate("alpha-key ")).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
    }

    @Test
    void rejectsMalformedEntriesWithoutRevealingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse(List.of("ok:acme:alice", "secret-value:acme")))
                .withMessageContaining("entry 2")
                .withMessageNotContaining("secret-value");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse(List.of("secret-value:acme corp:alice")))
                .withMessageContaining("tenant")
                .withMessageNotContaining("secret-value");
        assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.parse(List.of(":acme:alice")));
    }

    @Test
    void rejectsTheSameKeyGivenTwice() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ApiKeys.parse(List.of("same:acme:alice", "same:globex:bob")))
                .withMessageContaining("repeats");
    }

    @Test
    void noKeysRefuseEveryone() {
        var none = ApiKeys.parse(List.of());
        assertThat(none.size()).isZero();
        assertThat(none.authenticate("anything")).isEmpty();
    }
}
