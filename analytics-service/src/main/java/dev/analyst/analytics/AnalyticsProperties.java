package dev.analyst.analytics;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the analytics service (prefix {@code analyst.analytics}).
 *
 * @param adminKey the key the admin API demands; blank disables the API (every request is refused)
 * @param stream the live usage stream of the admin API
 * @param ledger how usage events are consumed into the ledger
 */
@ConfigurationProperties("analyst.analytics")
@Validated
public record AnalyticsProperties(
        @DefaultValue("") String adminKey,
        @Valid @DefaultValue Stream stream,
        @Valid @DefaultValue Ledger ledger) {

    /**
     * The usage ledger's consumer.
     *
     * @param consumers listener threads of the usage topic, each writing its own batches (read by the
     *     listener annotation; more than the topic's partitions would idle)
     */
    public record Ledger(@DefaultValue("2") @Positive int consumers) {}

    /**
     * The server-sent event stream dashboards listen to.
     *
     * @param heartbeat how often a comment is sent to keep idle connections open
     * @param bufferSize updates kept for a client that reads slower than calls arrive; the oldest go first
     */
    public record Stream(
            @DefaultValue("15s") @NotNull Duration heartbeat,
            @DefaultValue("256") @Positive int bufferSize) {}
}
