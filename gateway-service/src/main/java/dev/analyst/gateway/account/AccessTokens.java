package dev.analyst.gateway.account;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.analyst.contracts.dataset.SecretBox;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Short-lived access tokens: JWTs signed with HMAC-SHA256 under a key derived from the suite's key. A token
 * says who the user is and their default workspace; the workspace a request acts in, and the role there,
 * are looked up per request, so a removed member loses access at once.
 */
final class AccessTokens {

    static final String WORKSPACE_CLAIM = "ws";

    // RFC 9068's type for access tokens: a JWT of another type signed with the same key is not one.
    private static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final String issuer;
    private final Duration ttl;
    private final Clock clock;

    AccessTokens(byte[] key, String issuer, Duration ttl, Clock clock) {
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("An HS256 key has at least 32 bytes", e);
        }
        this.issuer = issuer;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Tokens signed with a key derived (HMAC-SHA256, labelled) from {@code ANALYST_SECRET_KEY}. */
    static AccessTokens fromSecretKey(String secretKey, String issuer, Duration ttl, Clock clock) {
        var key = HexFormat.of().parseHex(SecretBox.fromBase64(secretKey).derive("gateway-access-token"));
        return new AccessTokens(key, issuer, ttl, clock);
    }

    Issued issue(UUID userId, String workspaceId) {
        var now = clock.instant();
        var expires = now.plus(ttl);
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(issuer)
                .subject(userId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim(WORKSPACE_CLAIM, workspaceId)
                .build();
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return new Issued(jwt.serialize(), expires);
    }

    /**
     * The claims of a token this gateway signed that has not expired; empty for anything else: not a JWT,
     * another algorithm (including {@code none}), another type, a wrong signature, another issuer or
     * audience, expired, or missing a claim.
     */
    Optional<Claims> verify(String token) {
        try {
            var jwt = SignedJWT.parse(token);
            var header = jwt.getHeader();
            // The algorithm is pinned: never let the token choose how it is checked.
            if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())
                    || !TYPE.equals(header.getType())
                    || header.getCriticalParams() != null
                            && !header.getCriticalParams().isEmpty()) {
                return Optional.empty();
            }
            // MACVerifier compares the signature in constant time.
            if (!jwt.verify(verifier)) {
                return Optional.empty();
            }
            var claims = jwt.getJWTClaimsSet();
            var expires = claims.getExpirationTime();
            var workspace = claims.getStringClaim(WORKSPACE_CLAIM);
            if (!issuer.equals(claims.getIssuer())
                    || !List.of(issuer).equals(claims.getAudience())
                    || expires == null
                    || !clock.instant().isBefore(expires.toInstant())
                    || claims.getSubject() == null
                    || workspace == null) {
                return Optional.empty();
            }
            return Optional.of(new Claims(UUID.fromString(claims.getSubject()), workspace));
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    Duration ttl() {
        return ttl;
    }

    /** A signed token and when it stops being accepted. */
    record Issued(String token, Instant expiresAt) {}

    /** Who a valid token stands for and the workspace they act in by default. */
    record Claims(UUID userId, String defaultWorkspaceId) {}
}
