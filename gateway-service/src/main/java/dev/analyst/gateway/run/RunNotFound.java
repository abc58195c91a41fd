package dev.analyst.gateway.run;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The run does not exist or belongs to another tenant; the two are indistinguishable on purpose. */
public final class RunNotFound extends ErrorResponseException {

    public RunNotFound(UUID runId) {
        super(HttpStatus.NOT_FOUND, problem(runId), null);
    }

    private static ProblemDetail problem(UUID runId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No run " + runId + " for this tenant.");
        problem.setTitle("Run not found");
        return problem;
    }
}
