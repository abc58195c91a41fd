package dev.analyst.launcher;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Checks what a client saw of a run's stream, across a drop and a resume, against the run's full
 * replay: resuming with {@code Last-Event-ID} promises every event exactly once and in order, so an id
 * seen twice, one never seen or one out of place is a broken promise, whatever the answer looks like.
 */
final class EventSequences {

    private EventSequences() {}

    /**
     * What is wrong: {@code problem} in a few words that are the same for alike cases (so they count
     * together), {@code detail} with the ids.
     */
    record Mismatch(String problem, String detail) {}

    /**
     * What is wrong with {@code seen} (event ids before the drop, then after the resume) compared with
     * {@code replay} (the ids of the whole stream read from the start); empty when they are the same ids
     * in the same order.
     */
    static Optional<Mismatch> compare(List<String> replay, List<String> seen) {
        if (replay.equals(seen)) {
            return Optional.empty();
        }
        var once = new HashSet<String>();
        var duplicated = new LinkedHashSet<String>();
        for (var id : seen) {
            if (!once.add(id)) {
                duplicated.add(id);
            }
        }
        var missing = new ArrayList<>(replay);
        missing.removeAll(once);
        var unexpected = new ArrayList<>(once);
        unexpected.removeAll(replay);
        var problems = new ArrayList<String>();
        var details = new ArrayList<String>();
        if (!duplicated.isEmpty()) {
            problems.add("duplicated events");
            details.add("duplicated " + duplicated);
        }
        if (!missing.isEmpty()) {
            problems.add("missing events");
            details.add("missing " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("events not in the replay");
            details.add("not in the replay " + unexpected);
        }
        if (problems.isEmpty()) {
            problems.add("events out of order");
        }
        details.add("seen " + seen + ", replay " + replay);
        return Optional.of(new Mismatch(String.join(" and ", problems), String.join("; ", details)));
    }
}
