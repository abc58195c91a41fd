package dev.analyst.analytics.activity;

/** A question event that parsed but cannot be recorded (missing ids); retrying will not help. */
public class InvalidQuestionEvent extends RuntimeException {

    InvalidQuestionEvent(String message) {
        super(message);
    }
}
