package dev.analyst.execution.kafka;

/** A record that is not the event its topic promises; retrying cannot help, so it goes to the DLT. */
public final class UnreadableEvent extends RuntimeException {

    public UnreadableEvent(String message) {
        super(message);
    }

    public UnreadableEvent(String message, Throwable cause) {
        super(message, cause);
    }
}
