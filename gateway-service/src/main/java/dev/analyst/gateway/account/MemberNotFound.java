package dev.analyst.gateway.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The user to remove is not a member of the workspace. */
final class MemberNotFound extends ErrorResponseException {

    MemberNotFound() {
        super(HttpStatus.NOT_FOUND, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such member in this workspace.");
        problem.setTitle("Member not found");
        return problem;
    }
}
