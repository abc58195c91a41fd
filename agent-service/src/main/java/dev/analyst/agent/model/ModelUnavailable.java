package dev.analyst.agent.model;

/**
 * A hosted model gave no usable answer: it failed after its retries, its circuit is open, it timed
 * out, or it answered in a shape the stage cannot read. The chain moves on to its next model.
 */
public class ModelUnavailable extends RuntimeException {

    public ModelUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    public ModelUnavailable(String message) {
        super(message);
    }
}
