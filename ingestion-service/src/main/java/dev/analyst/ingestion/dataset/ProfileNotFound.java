package dev.analyst.ingestion.dataset;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The dataset exists but its current version has no profile: a connected database, which is not profiled. */
public final class ProfileNotFound extends ErrorResponseException {

    public ProfileNotFound(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "Dataset " + id + " has no profile: connected databases are not profiled");
        problem.setTitle("Profile not found");
        problem.setProperty("code", "profile-not-found");
        return problem;
    }
}
