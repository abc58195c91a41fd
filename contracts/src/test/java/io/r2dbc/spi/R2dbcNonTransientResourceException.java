package io.r2dbc.spi;

/** Lookalike of R2DBC's class, how r2dbc-postgresql reports a refused connection. */
public class R2dbcNonTransientResourceException extends RuntimeException {

    public R2dbcNonTransientResourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
