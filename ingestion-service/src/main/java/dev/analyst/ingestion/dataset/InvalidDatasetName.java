package dev.analyst.ingestion.dataset;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A dataset name that is blank, too long or holds control characters. */
public final class InvalidDatasetName extends ErrorResponseException {

    public InvalidDatasetName() {
        super(HttpStatus.BAD_REQUEST, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "A dataset name has 1 to " + DatasetNames.MAX_LENGTH + " characters and no control characters");
        problem.setTitle("Invalid dataset name");
        problem.setProperty("code", "invalid-dataset-name");
        return problem;
    }
}
