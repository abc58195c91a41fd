package dev.analyst.ingestion.web;

import dev.analyst.contracts.delivery.Failures;
import dev.analyst.ingestion.IngestionProperties;
import dev.analyst.ingestion.csv.EmptyFile;
import dev.analyst.ingestion.csv.MalformedFile;
import dev.analyst.ingestion.csv.NoDataRows;
import dev.analyst.ingestion.source.UnsafeFile;
import dev.analyst.ingestion.source.UnsupportedFormat;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every failure leaves as an RFC 9457 problem detail: the framework's own (bad JSON, wrong media
 * type, {@code ErrorResponseException}s of this service) through the base class, the rest here.
 * Each carries a stable {@code code} property clients can switch on.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** About as long as the connection pool takes to notice PostgreSQL is back. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final DataSize maxUploadSize;

    ProblemDetailsAdvice(IngestionProperties properties) {
        this.maxUploadSize = properties.upload().maxSize();
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> missingTenant(Caller.MissingTenant e, ServerWebExchange exchange) {
        return problem(HttpStatus.BAD_REQUEST, "Missing tenant", e.getMessage(), "missing-tenant", exchange);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidTenant(Caller.InvalidTenant e, ServerWebExchange exchange) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid tenant", e.getMessage(), "invalid-tenant", exchange);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> emptyFile(EmptyFile e, ServerWebExchange exchange) {
        return problem(HttpStatus.BAD_REQUEST, "Empty file", e.getMessage(), "empty-file", exchange);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> noDataRows(NoDataRows e, ServerWebExchange exchange) {
        return problem(HttpStatus.BAD_REQUEST, "No data rows", e.getMessage(), "no-data-rows", exchange);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> malformedFile(MalformedFile e, ServerWebExchange exchange) {
        var response = problem(HttpStatus.BAD_REQUEST, "Malformed file", e.getMessage(), "malformed-file", exchange);
        if (e.line() > 0) {
            response.getBody().setProperty("line", e.line());
        }
        return response;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unsupportedFormat(UnsupportedFormat e, ServerWebExchange exchange) {
        return problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported format",
                e.getMessage(),
                "unsupported-format",
                exchange);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unsafeFile(UnsafeFile e, ServerWebExchange exchange) {
        return problem(HttpStatus.BAD_REQUEST, "Unsafe file", e.getMessage(), "unsafe-file", exchange);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException e, ServerWebExchange exchange) {
        return problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "Request too large",
                "The request exceeds the configured upload limits",
                "too-large",
                exchange);
    }

    /**
     * The multipart reader's own limit per part (set to the upload limit) may stop a large upload
     * before the receiver does: the same problem as {@code UploadTooLarge}.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> partTooLarge(ContentTooLargeException e, ServerWebExchange exchange) {
        var response = problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "File too large",
                "Files larger than " + maxUploadSize.toMegabytes() + " MB are not accepted",
                "file-too-large",
                exchange);
        return response;
    }

    /**
     * Anything else: a 503 with {@code Retry-After} while PostgreSQL (or another dependency) is
     * unavailable, so clients retry; a 500 for a defect.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        if (Failures.isTransient(e)) {
            // Expected while the outage lasts, and the cause says all: no stack trace per request.
            log.warn(
                    "{} {} failed, a dependency is unavailable: {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    NestedExceptionUtils.getMostSpecificCause(e).toString());
            var response = problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "Service unavailable",
                    "The service is temporarily unavailable, try again shortly.",
                    "unavailable",
                    exchange);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()))
                    .body(response.getBody());
        }
        log.error(
                "Unexpected failure of {} {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                e);
        // No internals in the answer: the message of an unexpected exception may hold anything.
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error",
                "The request could not be completed; it has been logged",
                "internal",
                exchange);
    }

    static ResponseEntity<ProblemDetail> problem(
            HttpStatus status, String title, String detail, String code, ServerWebExchange exchange) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        problem.setProperty("code", code);
        return ResponseEntity.status(status).body(problem);
    }
}
