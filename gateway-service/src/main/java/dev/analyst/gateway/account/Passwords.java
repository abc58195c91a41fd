package dev.analyst.gateway.account;

import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Password hashing with Argon2id. Hashing is deliberately slow, so it runs off the event loop. Checking a
 * password for an unknown account still hashes it (against a decoy), so a wrong email and a wrong password
 * cost the same and cannot be told apart by timing.
 *
 * <p>Each hash takes 19 MiB of heap, so hashes run on a scheduler of one thread per core with a short queue:
 * at most a core's worth of that memory per core at once, and a flood of sign-ins is refused (the caller gets
 * a 503) rather than queued without end. Sign-up, sign-in and refresh are also rate-limited per address.
 */
final class Passwords {

    private static final Scheduler HASHING =
            Schedulers.newBoundedElastic(Runtime.getRuntime().availableProcessors(), 64, "password-hashing", 60, true);

    // OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane.
    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    private final String decoy = encoder.encode(Secrets.token(""));

    Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password))
                .subscribeOn(HASHING)
                .onErrorMap(RejectedExecutionException.class, Passwords::busy);
    }

    /** Whether the password is the one hashed; a null hash (no such account) never matches. */
    Mono<Boolean> matches(String password, @Nullable String hash) {
        return Mono.fromCallable(() -> {
                    // The encoder compares the digests in constant time.
                    var matched = encoder.matches(password, hash == null ? decoy : hash);
                    return matched && hash != null;
                })
                .subscribeOn(HASHING)
                .onErrorMap(RejectedExecutionException.class, Passwords::busy);
    }

    private static ResponseStatusException busy(RejectedExecutionException full) {
        return new ResponseStatusException(
                HttpStatus.SERVICE_UNAVAILABLE, "Too many sign-ins at once; try again in a moment.", full);
    }
}
