package dev.analyst.ingestion.datasource;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The datasource's schema does not exist, or the user cannot see it, or it is too large to describe. */
public final class SchemaNotFound extends ErrorResponseException {

    SchemaNotFound(String detail) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(detail), null);
    }

    private static ProblemDetail problem(String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, detail);
        problem.setTitle("Schema unusable");
        problem.setProperty("code", "schema-unusable");
        return problem;
    }
}
