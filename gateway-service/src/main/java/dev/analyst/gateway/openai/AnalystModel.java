package dev.analyst.gateway.openai;

import dev.analyst.contracts.question.AnalystAgent;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A model a client can name: {@code analyst}, which routes the question as it is, or one of the agents by
 * its mention ({@code @deep}), which asks the question of that agent.
 *
 * @param agent the agent the question goes to, or null for the analyst itself
 */
record AnalystModel(String id, @Nullable AnalystAgent agent) {

    static final String ANALYST = "analyst";

    /**
     * OpenAI's models carry their creation time; the analyst's have none of their own, and a fixed one
     * (2026-01-01) keeps the list the same on every call and every instance.
     */
    static final long CREATED = 1_767_225_600L;

    static Stream<AnalystModel> all() {
        return Stream.concat(
                Stream.of(new AnalystModel(ANALYST, null)),
                Arrays.stream(AnalystAgent.values()).map(agent -> new AnalystModel(agent.mention(), agent)));
    }

    /** The model a request names: {@code analyst}, or an agent as {@code @deep} or {@code deep}, any case. */
    static Optional<AnalystModel> named(String id) {
        var name = id.strip();
        if (name.equalsIgnoreCase(ANALYST)) {
            return Optional.of(new AnalystModel(ANALYST, null));
        }
        return AnalystAgent.named(name).map(agent -> new AnalystModel(agent.mention(), agent));
    }

    /** The question as the agent gets it: led by this model's mention unless it already mentions that agent first. */
    String question(String asked) {
        if (agent == null || AnalystAgent.mentionedIn(asked).orElse(null) == agent) {
            return asked;
        }
        return agent.mention() + " " + asked;
    }
}
