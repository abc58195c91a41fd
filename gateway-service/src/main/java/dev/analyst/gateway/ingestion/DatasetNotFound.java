package dev.analyst.gateway.ingestion;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The dataset does not exist or belongs to another tenant; the two are indistinguishable on purpose. */
final class DatasetNotFound extends ErrorResponseException {

    DatasetNotFound(UUID datasetId) {
        super(HttpStatus.NOT_FOUND, problem(datasetId), null);
    }

    private static ProblemDetail problem(UUID datasetId) {
        var problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No dataset " + datasetId + " for this tenant.");
        problem.setTitle("Dataset not found");
        problem.setProperty("code", "dataset-not-found");
        return problem;
    }
}
