package dev.analyst.gateway.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An administrator tried to add someone who has no account. */
final class AccountNotFound extends ErrorResponseException {

    AccountNotFound() {
        super(HttpStatus.NOT_FOUND, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "No account has that email; ask them to register first.");
        problem.setTitle("Account not found");
        return problem;
    }
}
