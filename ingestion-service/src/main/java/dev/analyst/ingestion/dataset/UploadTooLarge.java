package dev.analyst.ingestion.dataset;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/** The file exceeded the configured upload size; nothing was kept of it. */
public final class UploadTooLarge extends ErrorResponseException {

    public UploadTooLarge(DataSize limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(limit), null);
    }

    private static ProblemDetail problem(DataSize limit) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE, "Files larger than " + limit.toMegabytes() + " MB are not accepted");
        problem.setTitle("File too large");
        problem.setProperty("code", "file-too-large");
        return problem;
    }
}
