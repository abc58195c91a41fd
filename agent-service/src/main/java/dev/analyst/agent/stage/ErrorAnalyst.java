package dev.analyst.agent.stage;

/**
 * The error-analysis stage: why an attempt failed (syntax, an unknown column or table, a type
 * mismatch, a timeout, a permission, an empty result) and the corrected query, if one can help.
 */
public interface ErrorAnalyst {

    Correction analyse(AskedQuestion question, Plan plan, FailedAttempt failure);
}
