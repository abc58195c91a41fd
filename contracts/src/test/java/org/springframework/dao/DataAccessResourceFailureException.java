package org.springframework.dao;

/** Lookalike of Spring's class, which contracts does not depend on. */
public class DataAccessResourceFailureException extends RuntimeException {

    public DataAccessResourceFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
