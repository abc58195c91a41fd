package dev.analyst.analytics.ledger;

/** A usage event that parsed but cannot be recorded (missing ids, negative counts); retrying will not help. */
public class InvalidUsageEvent extends RuntimeException {

    InvalidUsageEvent(String message) {
        super(message);
    }
}
