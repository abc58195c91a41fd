package dev.analyst.ingestion.dataset;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A multipart upload without a {@code file} part. */
public final class FilePartMissing extends ErrorResponseException {

    public FilePartMissing() {
        super(HttpStatus.BAD_REQUEST, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The upload has no part named 'file' holding a file");
        problem.setTitle("No file");
        problem.setProperty("code", "no-file");
        return problem;
    }
}
