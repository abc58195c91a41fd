package dev.analyst.gateway.account;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Password hashing with Argon2id. Hashing is deliberately slow, so it runs off the event loop. Checking a
 * password for an unknown account still hashes it (against a decoy), so a wrong email and a wrong password
 * cost the same and cannot be told apart by timing.
 */
final class Passwords {

    // OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane.
    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    private final String decoy = encoder.encode(Secrets.token(""));

    Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Whether the password is the one hashed; a null hash (no such account) never matches. */
    Mono<Boolean> matches(String password, @Nullable String hash) {
        return Mono.fromCallable(() -> {
                    // The encoder compares the digests in constant time.
                    var matched = encoder.matches(password, hash == null ? decoy : hash);
                    return matched && hash != null;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
