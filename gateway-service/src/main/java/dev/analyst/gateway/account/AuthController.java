package dev.analyst.gateway.account;

import dev.analyst.gateway.auth.Caller;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Registering and signing in, out and on. Register, sign-in and refresh are open (the authentication filter
 * lets them through); signing out and {@code me} need a credential.
 */
@RestController
class AuthController {

    private final Accounts accounts;

    AuthController(Accounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/api/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Tokens> register(@Valid @RequestBody Registration registration) {
        return accounts.register(registration);
    }

    @PostMapping({"/api/auth/token", "/api/auth/login"})
    Mono<Tokens> signIn(@Valid @RequestBody SignIn signIn) {
        return accounts.signIn(signIn);
    }

    @PostMapping("/api/auth/refresh")
    Mono<Tokens> refresh(@Valid @RequestBody RefreshRequest request) {
        return accounts.refresh(request.refreshToken());
    }

    /** Ends the sign-in the refresh token belongs to; its access tokens lapse within their short lifetime. */
    @PostMapping("/api/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> signOut(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Valid @RequestBody RefreshRequest request) {
        return accounts.signOut(caller, request.refreshToken());
    }

    @GetMapping("/api/auth/me")
    Me me(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return new Me(caller.userId(), caller.tenantId(), caller.role().stored());
    }
}
