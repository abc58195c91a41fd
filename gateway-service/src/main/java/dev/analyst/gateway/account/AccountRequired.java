package dev.analyst.gateway.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A configured key (which stands for no account) called an endpoint that acts on an account. */
final class AccountRequired extends ErrorResponseException {

    AccountRequired() {
        super(HttpStatus.FORBIDDEN, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN,
                "Only an account (signed in, or one of its API keys) can do this; a configured key cannot.");
        problem.setTitle("Account required");
        return problem;
    }
}
