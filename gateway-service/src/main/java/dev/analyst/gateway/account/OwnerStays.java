package dev.analyst.gateway.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An attempt to remove a workspace's owner, which would leave it without anyone to run it. */
final class OwnerStays extends ErrorResponseException {

    OwnerStays() {
        super(HttpStatus.FORBIDDEN, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN, "A workspace's owner cannot be removed from it.");
        problem.setTitle("Owner cannot be removed");
        return problem;
    }
}
