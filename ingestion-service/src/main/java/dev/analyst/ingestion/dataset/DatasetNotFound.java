package dev.analyst.ingestion.dataset;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No dataset with this id belongs to the caller's tenant (whether it exists elsewhere is not told). */
public final class DatasetNotFound extends ErrorResponseException {

    public DatasetNotFound(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No dataset " + id);
        problem.setTitle("Dataset not found");
        problem.setProperty("code", "dataset-not-found");
        return problem;
    }
}
