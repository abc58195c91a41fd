package dev.analyst.gateway.problem;

import dev.analyst.contracts.delivery.Failures;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The answer while PostgreSQL, Redis or another dependency is unavailable ({@link Failures#isTransient}):
 * 503 with a {@code Retry-After}, a plain message and nothing internal, in every error shape the gateway
 * speaks.
 */
public final class Unavailable {

    public static final String TITLE = "Service unavailable";

    public static final String DETAIL = "The service is temporarily unavailable, try again shortly.";

    /** OpenAI's error code for it on {@code /v1}, and the problem's {@code code} on {@code /api}. */
    public static final String CODE = "service_unavailable";

    /** How long clients are asked to wait: about how long the database connection pool takes to recover. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private Unavailable() {}

    /** Whether a failure means a dependency is unavailable rather than a defect. */
    public static boolean covers(Throwable failure) {
        return Failures.isTransient(failure);
    }

    /** The value of the {@code Retry-After} header, in seconds. */
    public static String retryAfter() {
        return Long.toString(RETRY_AFTER.toSeconds());
    }

    public static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DETAIL);
        problem.setTitle(TITLE);
        problem.setProperty("code", CODE);
        return problem;
    }
}
