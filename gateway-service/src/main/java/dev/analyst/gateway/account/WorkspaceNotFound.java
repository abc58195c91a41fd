package dev.analyst.gateway.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The workspace does not exist or the caller is not a member; the two are indistinguishable on purpose. */
final class WorkspaceNotFound extends ErrorResponseException {

    WorkspaceNotFound() {
        super(HttpStatus.NOT_FOUND, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such workspace among yours.");
        problem.setTitle("Workspace not found");
        return problem;
    }
}
