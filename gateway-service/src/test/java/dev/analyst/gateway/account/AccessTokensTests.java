package dev.analyst.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessTokensTests {

    private static final String KEY = "YW5hbHlzdC1kZXYtb25seS1zZWNyZXQta2V5LTMyYnk=";
    private static final String OTHER_KEY = "YW5hbHlzdC1jb21wb3NlLWRlbW8tc2VjcmV0LWtleSE=";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final UUID user = UUID.randomUUID();
    private final AccessTokens tokens = at(KEY, "analyst-gateway", NOW);

    @Test
    void acceptsATokenItSignedUntilItExpires() {
        var issued = tokens.issue(user, "wabc");

        assertThat(issued.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(tokens.verify(issued.token())).contains(new AccessTokens.Claims(user, "wabc"));
        assertThat(at(KEY, "analyst-gateway", NOW.plus(Duration.ofMinutes(14))).verify(issued.token()))
                .isPresent();
        assertThat(at(KEY, "analyst-gateway", NOW.plus(Duration.ofMinutes(15))).verify(issued.token()))
                .isEmpty();
    }

    @Test
    void refusesATokenSignedWithAnotherKey() {
        var forged = at(OTHER_KEY, "analyst-gateway", NOW).issue(user, "wabc");

        assertThat(tokens.verify(forged.token())).isEmpty();
    }

    @Test
    void refusesATokenForAnotherIssuerAndAudience() {
        var elsewhere = at(KEY, "another-service", NOW).issue(user, "wabc");

        assertThat(tokens.verify(elsewhere.token())).isEmpty();
    }

    @Test
    void refusesATokenWhoseWorkspaceWasEdited() {
        var parts = tokens.issue(user, "wabc").token().split("\\.");
        var payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"wabc\"", "\"wxyz\"");

        var edited = parts[0] + "." + base64Url(payload) + "." + parts[2];

        assertThat(tokens.verify(edited)).isEmpty();
    }

    @Test
    void refusesAnUnsignedTokenAndOneThatNamesAnotherAlgorithm() {
        var parts = tokens.issue(user, "wabc").token().split("\\.");

        assertThat(tokens.verify(base64Url("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + "."))
                .isEmpty();
        assertThat(tokens.verify(base64Url("{\"alg\":\"HS512\",\"typ\":\"at+jwt\"}") + "." + parts[1] + "." + parts[2]))
                .isEmpty();
        assertThat(tokens.verify(base64Url("{\"alg\":\"HS256\"}") + "." + parts[1] + "." + parts[2]))
                .as("a token without the access-token type")
                .isEmpty();
        assertThat(tokens.verify("not-a-token")).isEmpty();
        assertThat(tokens.verify("a.b.c")).isEmpty();
    }

    private static AccessTokens at(String key, String issuer, Instant now) {
        return AccessTokens.fromSecretKey(key, issuer, Duration.ofMinutes(15), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
