package dev.analyst.gateway.agents;

import dev.analyst.contracts.question.AnalystAgent;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No agent has that name. */
final class AgentNotFound extends ErrorResponseException {

    AgentNotFound(String name) {
        super(HttpStatus.NOT_FOUND, problem(name), null);
    }

    private static ProblemDetail problem(String name) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND,
                "There is no agent \"" + name + "\". The agents are "
                        + Arrays.stream(AnalystAgent.values())
                                .map(AnalystAgent::mention)
                                .collect(Collectors.joining(", "))
                        + ".");
        problem.setTitle("Agent not found");
        return problem;
    }
}
