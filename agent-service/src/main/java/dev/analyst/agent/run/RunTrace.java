package dev.analyst.agent.run;

import dev.analyst.agent.model.Metering;
import dev.analyst.contracts.Event;
import dev.analyst.contracts.usage.ModelCalled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * What one handling of an event did in its stages: a {@code StageCompleted} for each stage and a
 * {@code ModelCalled} for each call of the built-in model. They are published with the run's new state. A
 * hosted call's usage is recorded with its budget the moment the call reports (a handling that dies
 * afterwards loses no call a provider billed); it is here only when that write failed (the database away).
 */
final class RunTrace {

    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final Metering metering;
    private final long startedNanos = System.nanoTime();

    RunTrace(UUID runId, String tenantId, String userId) {
        // Model calls report from the HTTP client's threads as well as this one.
        this.metering = new Metering(runId, tenantId, userId, (call, recorded) -> {
            if (!recorded) {
                events.add(call);
            }
        });
    }

    Metering metering() {
        return metering;
    }

    /** How long this handling has been at work. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    UUID runId() {
        return metering.runId();
    }

    void add(Event event) {
        events.add(event);
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Only the usage: what must be published even when another handling of the same event won. */
    List<Event> usage() {
        return events().stream().filter(ModelCalled.class::isInstance).toList();
    }
}
