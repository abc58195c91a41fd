package dev.analyst.gateway.account;

import dev.analyst.gateway.auth.Caller;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** API keys of the workspace the request acts in. */
@RestController
class ApiKeyController {

    private final UserApiKeys keys;

    ApiKeyController(UserApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping("/api/keys")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<CreatedApiKey> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Valid @RequestBody NewApiKey key) {
        return keys.create(caller, key);
    }

    @GetMapping("/api/keys")
    Mono<List<ApiKeyView>> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return keys.list(caller).collectList();
    }

    @DeleteMapping("/api/keys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> revoke(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable UUID id) {
        return keys.revoke(caller, id);
    }
}
