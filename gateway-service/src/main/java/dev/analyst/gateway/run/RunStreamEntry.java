package dev.analyst.gateway.run;

import java.util.Set;

/**
 * One run event as stored in the run's Redis stream and sent as one SSE event.
 *
 * @param type the event's {@code type} property, e.g. {@code SqlGenerated}
 * @param data the event's JSON, as the agent published it
 */
record RunStreamEntry(String runId, StreamId id, String type, String data) {

    // RunStreams' append script names the same two: it adds nothing after them.
    private static final Set<String> TERMINAL = Set.of("AnswerCompleted", "RunFailed");

    /** Whether the run ends with this event, so its stream can complete. */
    boolean terminal() {
        return isTerminal(type);
    }

    static boolean isTerminal(String type) {
        return TERMINAL.contains(type);
    }
}
