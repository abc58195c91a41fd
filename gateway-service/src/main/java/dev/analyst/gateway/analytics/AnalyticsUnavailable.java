package dev.analyst.gateway.analytics;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** analytics-service could not be reached; the administrator may retry later. */
final class AnalyticsUnavailable extends ErrorResponseException {

    AnalyticsUnavailable(Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), cause);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Cost and usage reports cannot be reached right now; try again shortly.");
        problem.setTitle("Analytics unavailable");
        return problem;
    }
}
