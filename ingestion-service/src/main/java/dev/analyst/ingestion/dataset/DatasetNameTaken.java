package dev.analyst.ingestion.dataset;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The name belongs to a dataset of another kind (an uploaded file versus a connected database). */
public final class DatasetNameTaken extends ErrorResponseException {

    public DatasetNameTaken(String name, String existingKind) {
        super(HttpStatus.CONFLICT, problem(name, existingKind), null);
    }

    private static ProblemDetail problem(String name, String existingKind) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                "The name '" + name + "' is already used by a " + existingKind + " dataset; choose another name");
        problem.setTitle("Dataset name taken");
        problem.setProperty("code", "dataset-name-taken");
        return problem;
    }
}
