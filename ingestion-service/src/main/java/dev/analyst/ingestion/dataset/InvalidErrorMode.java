package dev.analyst.ingestion.dataset;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An {@code onError} parameter other than {@code fail} or {@code quarantine}. */
public final class InvalidErrorMode extends ErrorResponseException {

    public InvalidErrorMode() {
        super(HttpStatus.BAD_REQUEST, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "onError is 'fail' (the default) or 'quarantine'");
        problem.setTitle("Invalid onError");
        problem.setProperty("code", "invalid-on-error");
        return problem;
    }
}
