package dev.analyst.gateway.ingestion;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** ingestion-service could not be reached; the caller may retry later. */
final class IngestionUnavailable extends ErrorResponseException {

    IngestionUnavailable(Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), cause);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "Datasets cannot be reached right now; try again shortly.");
        problem.setTitle("Ingestion unavailable");
        return problem;
    }
}
