package dev.analyst.gateway.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An administrator tried to add someone who is already a member. */
final class AlreadyMember extends ErrorResponseException {

    AlreadyMember() {
        super(HttpStatus.CONFLICT, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT, "That account is already a member of the workspace.");
        problem.setTitle("Already a member");
        return problem;
    }
}
