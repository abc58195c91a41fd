package dev.analyst.gateway.account;

import dev.analyst.gateway.auth.Caller;
import java.util.Optional;
import java.util.UUID;

/** The account behind a caller: accounts' user ids are UUIDs, the users that configured keys name are not. */
final class AccountIds {

    private AccountIds() {}

    static Optional<UUID> userId(Caller caller) {
        try {
            return Optional.of(UUID.fromString(caller.userId()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
