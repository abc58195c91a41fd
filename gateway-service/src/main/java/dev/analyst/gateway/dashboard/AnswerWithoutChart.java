package dev.analyst.gateway.dashboard;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The run's answer has no chart drawn from a dataset, so there is nothing to pin. */
final class AnswerWithoutChart extends ErrorResponseException {

    AnswerWithoutChart(UUID runId) {
        super(HttpStatus.CONFLICT, problem(runId), null);
    }

    private static ProblemDetail problem(UUID runId) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT, "The answer of run " + runId + " has no chart to pin.");
        problem.setTitle("Answer without chart");
        problem.setProperty("code", "answer-without-chart");
        return problem;
    }
}
