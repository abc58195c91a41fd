package dev.analyst.analytics.ledger;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A usage query whose days run backwards or span more than the API serves at once; answered with 400. */
public class InvalidDateRange extends ErrorResponseException {

    public InvalidDateRange(String detail) {
        super(HttpStatus.BAD_REQUEST, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid date range");
        problem.setType(URI.create("https://analyst.dev/problems/invalid-date-range"));
        return problem;
    }
}
