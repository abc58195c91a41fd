package dev.analyst.analytics.ledger;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A query parameter with a value the analytics API does not know; answered with 400. */
class InvalidParameter extends ErrorResponseException {

    InvalidParameter(String parameter, String detail) {
        super(HttpStatus.BAD_REQUEST, problem(parameter, detail), null);
    }

    private static ProblemDetail problem(String parameter, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid parameter");
        problem.setType(URI.create("https://analyst.dev/problems/invalid-parameter"));
        problem.setProperty("parameter", parameter);
        return problem;
    }
}
