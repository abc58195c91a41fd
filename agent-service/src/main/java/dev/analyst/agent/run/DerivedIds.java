package dev.analyst.agent.run;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Ids that are the same every time the same input event is handled. */
final class DerivedIds {
    private final UUID source;
    private int next;

    DerivedIds(UUID source) {
        this.source = source;
    }

    UUID next() {
        return UUID.nameUUIDFromBytes((source + ":" + next++).getBytes(StandardCharsets.UTF_8));
    }
}
