package dev.analyst.gateway.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The email and password do not match an account. An unknown email and a wrong password get this same answer, so
 * it does not reveal who has an account. */
final class SignInFailed extends ErrorResponseException {

    SignInFailed() {
        super(HttpStatus.UNAUTHORIZED, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "The email or password is not correct.");
        problem.setTitle("Sign-in failed");
        return problem;
    }
}
