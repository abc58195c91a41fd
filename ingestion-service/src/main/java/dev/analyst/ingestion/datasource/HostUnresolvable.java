package dev.analyst.ingestion.datasource;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A datasource host name has no DNS answer. */
public final class HostUnresolvable extends ErrorResponseException {

    HostUnresolvable(String host) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(host), null);
    }

    private static ProblemDetail problem(String host) {
        var problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, "The host name cannot be resolved");
        problem.setTitle("Unknown host");
        problem.setProperty("code", "unknown-host");
        problem.setProperty("host", host);
        return problem;
    }
}
