package dev.analyst.ingestion.dataset;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The tenant already has as many uploads in progress as it may; the client should retry later. */
public final class TooManyLoads extends ErrorResponseException {

    public TooManyLoads(int limit, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(limit, retryAfter), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    private static ProblemDetail problem(int limit, Duration retryAfter) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.TOO_MANY_REQUESTS,
                "This workspace already has " + limit + " uploads in progress; try again in "
                        + Math.max(1, retryAfter.toSeconds()) + " seconds");
        problem.setTitle("Too many uploads at once");
        problem.setProperty("code", "too-many-uploads");
        problem.setProperty("limit", limit);
        return problem;
    }
}
