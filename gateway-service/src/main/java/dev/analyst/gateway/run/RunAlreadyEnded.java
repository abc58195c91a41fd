package dev.analyst.gateway.run;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A cancel for a run that has already answered or failed: there is nothing left to stop. */
final class RunAlreadyEnded extends ErrorResponseException {

    RunAlreadyEnded(UUID runId) {
        super(HttpStatus.CONFLICT, problem(runId), null);
    }

    private static ProblemDetail problem(UUID runId) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT, "Run " + runId + " has already ended; there is nothing to stop.");
        problem.setTitle("Run already ended");
        return problem;
    }
}
