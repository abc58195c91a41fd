package dev.analyst.gateway.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A refresh token that cannot be exchanged: unknown, expired, revoked, or already used (which revokes its family). */
final class RefreshRefused extends ErrorResponseException {

    RefreshRefused() {
        super(HttpStatus.UNAUTHORIZED, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNAUTHORIZED,
                "The refresh token is unknown, expired, revoked or already used; sign in again.");
        problem.setTitle("Refresh token not valid");
        return problem;
    }
}
