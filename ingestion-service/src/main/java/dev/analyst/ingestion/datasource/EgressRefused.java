package dev.analyst.ingestion.datasource;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A datasource host is, or resolves to, an address the egress policy forbids. */
public final class EgressRefused extends ErrorResponseException {

    EgressRefused(String host) {
        super(HttpStatus.FORBIDDEN, problem(host), null);
    }

    private static ProblemDetail problem(String host) {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN,
                "The host is not reachable under the egress policy: it is, or resolves to, an internal address");
        problem.setTitle("Egress refused");
        problem.setProperty("code", "egress-refused");
        problem.setProperty("host", host);
        return problem;
    }
}
