package dev.analyst.gateway.problem;

import dev.analyst.contracts.delivery.Failures;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;

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

    private static final Logger log = LoggerFactory.getLogger(Unavailable.class);

    private Unavailable() {}

    /** Whether a failure means a dependency is unavailable rather than a defect. */
    public static boolean covers(Throwable failure) {
        return Failures.isTransient(failure);
    }

    /**
     * Logs the failed request as expected while the outage lasts: the cause says all, so one line and no
     * stack trace per request.
     */
    public static void log(ServerWebExchange exchange, Throwable failure) {
        var request = exchange.getRequest();
        log.warn(
                "{} {} failed, a dependency is unavailable: {}",
                request.getMethod(),
                request.getPath(),
                NestedExceptionUtils.getMostSpecificCause(failure).toString());
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
