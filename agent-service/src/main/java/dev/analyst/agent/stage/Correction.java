package dev.analyst.agent.stage;

/**
 * What the error analyst made of a failed attempt.
 *
 * @param diagnosis what went wrong, in words the user reads
 * @param sql the corrected query, or empty when no rewrite can help
 */
public record Correction(String diagnosis, String sql) {

    public boolean corrected() {
        return !sql.isBlank();
    }
}
