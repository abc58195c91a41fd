package dev.analyst.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event on every topic has: an id that consumers record with their side effect, so a
 * redelivered event changes nothing, and the moment it happened.
 */
public interface Event {

    UUID eventId();

    Instant occurredAt();

    /** The Kafka record key: events that must stay in order share a key and so a partition. */
    String key();
}
