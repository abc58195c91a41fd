package io.lettuce.core;

/** Lookalike of Lettuce's class, which contracts does not depend on. */
public class RedisConnectionException extends RuntimeException {

    public RedisConnectionException(String message) {
        super(message);
    }
}
