package dev.analyst.gateway.agents;

import dev.analyst.contracts.question.AnalystAgent;

/** An agent as a user sees it in their settings. */
public record AgentView(String name, String mention, String description, boolean enabled) {

    static AgentView of(AnalystAgent agent, boolean enabled) {
        return new AgentView(agent.mention().substring(1), agent.mention(), agent.description(), enabled);
    }
}
