package dev.analyst.gateway.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A plain member tried to do what only a workspace's owner or admins may. */
final class AdministratorRequired extends ErrorResponseException {

    AdministratorRequired() {
        super(HttpStatus.FORBIDDEN, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN, "Only the workspace's owner or an admin can do this.");
        problem.setTitle("Administrator required");
        return problem;
    }
}
