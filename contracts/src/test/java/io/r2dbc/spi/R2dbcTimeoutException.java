package io.r2dbc.spi;

/** Lookalike of R2DBC's class: a subclass of a transient type is transient too. */
public class R2dbcTimeoutException extends R2dbcTransientException {

    public R2dbcTimeoutException(String message) {
        super(message);
    }
}
