package dev.analyst.contracts.run;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stage of the run ({@code validate}, {@code decide}, {@code plan}, {@code analyse-error},
 * {@code summarise}, {@code chart}, {@code suggest}) finished: what it was given and what it made of
 * it, so a client can show the analyst's reasoning step by step.
 *
 * @param provider who answered: a configured provider's name, or {@code builtin}
 * @param fallbacks the providers tried before it that failed, in order, each with the reason
 */
public record StageCompleted(
        UUID eventId,
        Instant occurredAt,
        UUID runId,
        String stage,
        String provider,
        String model,
        Map<String, Object> input,
        Map<String, Object> output,
        List<String> fallbacks)
        implements RunEvent {

    public StageCompleted {
        // In the order given: a client shows a stage's fields as the stage wrote them.
        input = Collections.unmodifiableMap(new LinkedHashMap<>(input));
        output = Collections.unmodifiableMap(new LinkedHashMap<>(output));
        fallbacks = List.copyOf(fallbacks);
    }
}
