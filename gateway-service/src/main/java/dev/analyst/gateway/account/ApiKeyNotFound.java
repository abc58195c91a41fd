package dev.analyst.gateway.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The API key does not exist, is already revoked, or is not the caller's to manage. */
final class ApiKeyNotFound extends ErrorResponseException {

    ApiKeyNotFound() {
        super(HttpStatus.NOT_FOUND, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such API key among those you may manage.");
        problem.setTitle("API key not found");
        return problem;
    }
}
