package dev.analyst.gateway.account;

import dev.analyst.gateway.auth.Caller;
import java.util.Optional;
import java.util.UUID;

/**
 * The account behind a caller, for acting on the account itself (its keys, workspaces, members, sign-ins):
 * accounts' user ids are UUIDs, the users that configured keys name are not; and a caller holding an API
 * key has none here, since a key must not manage keys or members.
 */
final class AccountIds {

    private AccountIds() {}

    static Optional<UUID> userId(Caller caller) {
        if (caller.viaApiKey()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(caller.userId()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
