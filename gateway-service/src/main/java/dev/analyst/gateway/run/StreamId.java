package dev.analyst.gateway.run;

import java.util.regex.Pattern;

/**
 * A Redis stream entry id ({@code <ms>-<seq>}), which is also the SSE event id. Ids of one run's (or
 * dataset's) stream only grow, so "greater than the last id sent" is all de-duplication needs.
 */
public record StreamId(long millis, long sequence) implements Comparable<StreamId> {

    public static final StreamId ZERO = new StreamId(0, 0);

    private static final Pattern FORMAT = Pattern.compile("\\d{1,19}-\\d{1,19}");

    public StreamId {
        if (millis < 0 || sequence < 0) {
            throw new IllegalArgumentException("Stream ids are not negative");
        }
    }

    /** The entry id for the Kafka record at the given offset: offsets start at 0, stream ids after 0-0. */
    public static StreamId ofOffset(long offset) {
        return new StreamId(offset + 1, 0);
    }

    /**
     * Parses {@code <ms>-<seq>}.
     *
     * @throws IllegalArgumentException when the text is not a stream id
     */
    public static StreamId parse(String text) {
        if (!FORMAT.matcher(text).matches()) {
            throw new IllegalArgumentException("Not a stream id: " + text);
        }
        var dash = text.indexOf('-');
        return new StreamId(Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
    }

    @Override
    public int compareTo(StreamId other) {
        int byMillis = Long.compareUnsigned(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compareUnsigned(sequence, other.sequence);
    }

    public boolean isAfter(StreamId other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return millis + "-" + sequence;
    }
}
