package dev.analyst.contracts.run;

import java.time.Instant;
import java.util.UUID;

/**
 * A piece of the summary as the model writes it, for a client to show the answer growing. Deltas are
 * a courtesy: one may be missing after a crash, and {@link SummaryWritten} always carries the whole
 * text that was checked.
 *
 * @param sequence 0 for the first piece, counting up
 */
public record SummaryDelta(UUID eventId, Instant occurredAt, UUID runId, int sequence, String text)
        implements RunEvent {}
