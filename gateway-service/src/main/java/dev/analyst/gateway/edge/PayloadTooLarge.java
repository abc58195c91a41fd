package dev.analyst.gateway.edge;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/**
 * A request body turned out bigger than its limit while it was being read (it declared no
 * {@code Content-Length}, or a wrong one); answered 413.
 */
public final class PayloadTooLarge extends ErrorResponseException {

    PayloadTooLarge(long limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(limit), null);
    }

    static String detail(long limit) {
        return "The request body is larger than the limit of "
                + DataSize.ofBytes(limit).toKilobytes() + " KiB.";
    }

    private static ProblemDetail problem(long limit) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, detail(limit));
        problem.setTitle("Request too large");
        problem.setProperty("code", RequestSizeFilter.CODE);
        problem.setProperty("limitBytes", limit);
        return problem;
    }

    /** This exception, when the failure is it or was caused by it (an upload stream cut short wraps it). */
    public static Optional<PayloadTooLarge> in(@Nullable Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLarge tooLarge) {
                return Optional.of(tooLarge);
            }
        }
        return Optional.empty();
    }
}
