package dev.analyst.agent.model;

import dev.analyst.agent.budget.Spending;
import dev.analyst.contracts.usage.ModelCalled;
import java.time.Instant;
import java.util.UUID;

/**
 * One call of a hosted model, handed to the model with the request so that {@link UsageListener} can
 * meter it against the run and stage it was made for. A retry is a new call: each one is billed.
 */
final class ModelCall {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ModelCall.class);

    static final String ATTRIBUTE = ModelCall.class.getName();

    private final String provider;
    private final String model;
    private final String stage;
    private final Metering metering;
    private final GenAiTarget target;
    private final Spending.Hold hold;
    private final long startedNanos = System.nanoTime();
    private volatile long firstPieceNanos;

    ModelCall(String provider, String model, String stage, Metering metering, GenAiTarget target, Spending.Hold hold) {
        this.provider = provider;
        this.model = model;
        this.stage = stage;
        this.metering = metering;
        this.target = target;
        this.hold = hold;
    }

    GenAiTarget target() {
        return target;
    }

    long elapsedNanos() {
        return System.nanoTime() - startedNanos;
    }

    /** The time from the request to the first streamed piece; 0 for a call that streamed none. */
    long firstPieceNanos() {
        var first = firstPieceNanos;
        return first == 0 ? 0 : Math.max(1, first - startedNanos);
    }

    /** Marks the arrival of a streamed answer's first piece; later pieces change nothing. */
    void pieceArrived() {
        if (firstPieceNanos == 0) {
            firstPieceNanos = System.nanoTime();
        }
    }

    void record(long inputTokens, long outputTokens, long cachedInputTokens, boolean succeeded) {
        var now = System.nanoTime();
        var latency = (now - startedNanos) / 1_000_000;
        var firstPiece = firstPieceNanos == 0 ? latency : (firstPieceNanos - startedNanos) / 1_000_000;
        var call = new ModelCalled(
                UUID.randomUUID(),
                Instant.now(),
                metering.runId(),
                metering.tenantId(),
                metering.userId(),
                provider,
                model,
                stage,
                inputTokens,
                outputTokens,
                cachedInputTokens,
                latency,
                firstPiece,
                succeeded);
        // The budget counts what the provider reported (a failed call reports nothing and costs nothing) and
        // records the usage at once, for a handling that dies before it commits. If that write fails (the
        // database away), the usage travels with the run's events instead: either way it is counted.
        var recorded = true;
        try {
            hold.settle(call);
        } catch (RuntimeException e) {
            log.warn(
                    "The usage of a {}/{} call could not be recorded now; it goes with the run: {}",
                    provider,
                    model,
                    e.toString());
            recorded = false;
        }
        metering.sink().called(call, recorded);
    }
}
