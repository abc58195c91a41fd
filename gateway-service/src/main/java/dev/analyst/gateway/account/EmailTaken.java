package dev.analyst.gateway.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Someone tried to register an email that already has an account. */
final class EmailTaken extends ErrorResponseException {

    EmailTaken() {
        super(HttpStatus.CONFLICT, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT, "An account with this email exists; sign in instead.");
        problem.setTitle("Email already registered");
        return problem;
    }
}
