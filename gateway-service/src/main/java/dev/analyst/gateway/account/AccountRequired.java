package dev.analyst.gateway.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A configured key (which stands for no account) or an API key called an endpoint that acts on an account. */
final class AccountRequired extends ErrorResponseException {

    AccountRequired() {
        super(HttpStatus.FORBIDDEN, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN,
                "Only a signed-in account can do this; neither an API key nor a configured key can.");
        problem.setTitle("Account required");
        return problem;
    }
}
