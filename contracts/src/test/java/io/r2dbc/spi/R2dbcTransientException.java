package io.r2dbc.spi;

/** Lookalike of R2DBC's class, which contracts does not depend on: Failures matches it by name. */
public class R2dbcTransientException extends RuntimeException {

    public R2dbcTransientException(String message) {
        super(message);
    }
}
