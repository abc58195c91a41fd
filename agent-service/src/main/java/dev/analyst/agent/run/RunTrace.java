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
 * {@code ModelCalled} for each call of the built-in model. They are published with the run's new state.
 * A hosted call's usage is not here: the budget records it the moment the call reports, so a handling
 * that dies afterwards (a killed process) loses no call a provider billed.
 */
final class RunTrace {

    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final Metering metering;
    private final long startedNanos = System.nanoTime();

    RunTrace(UUID runId, String tenantId, String userId) {
        this.metering = new Metering(runId, tenantId, userId, recorded -> {});
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

    /**
     * Only the built-in model's usage: what must be published even when another handling of the same
     * event won, since those calls were made too.
     */
    List<Event> usage() {
        return events().stream().filter(ModelCalled.class::isInstance).toList();
    }
}
