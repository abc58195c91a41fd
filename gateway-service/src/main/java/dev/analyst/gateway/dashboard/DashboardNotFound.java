package dev.analyst.gateway.dashboard;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No dashboard of the dataset for this tenant: none drawn yet, or another tenant's; indistinguishable on purpose. */
final class DashboardNotFound extends ErrorResponseException {

    DashboardNotFound(UUID datasetId) {
        super(HttpStatus.NOT_FOUND, problem(datasetId), null);
    }

    private static ProblemDetail problem(UUID datasetId) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "No dashboard of dataset " + datasetId + " for this tenant.");
        problem.setTitle("Dashboard not found");
        problem.setProperty("code", "dashboard-not-found");
        return problem;
    }
}
