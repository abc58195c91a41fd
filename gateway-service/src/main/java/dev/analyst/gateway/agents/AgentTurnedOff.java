package dev.analyst.gateway.agents;

import dev.analyst.contracts.question.AnalystAgent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The question mentions an agent the caller has turned off: nothing is recorded or asked. */
public final class AgentTurnedOff extends ErrorResponseException {

    AgentTurnedOff(AnalystAgent agent) {
        super(HttpStatus.CONFLICT, problem(agent), null);
    }

    private static ProblemDetail problem(AnalystAgent agent) {
        var name = agent.mention().substring(1);
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                "The " + agent.mention() + " agent is turned off for you. Turn it on with PUT /api/agents/" + name
                        + " {\"enabled\": true}, or ask without mentioning it.");
        problem.setTitle("Agent turned off");
        return problem;
    }
}
