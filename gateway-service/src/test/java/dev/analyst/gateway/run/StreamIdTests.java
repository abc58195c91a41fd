package dev.analyst.gateway.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class StreamIdTests {

    @Test
    void derivesAnIdAboveZeroFromTheKafkaOffset() {
        assertThat(StreamId.ofOffset(0)).hasToString("1-0");
        assertThat(StreamId.ofOffset(41)).hasToString("42-0");
        assertThat(StreamId.ofOffset(0).isAfter(StreamId.ZERO)).isTrue();
    }

    @Test
    void ordersNumericallyNotAsText() {
        assertThat(StreamId.parse("10-0").isAfter(StreamId.parse("9-0"))).isTrue();
        assertThat(StreamId.parse("9-1").isAfter(StreamId.parse("9-0"))).isTrue();
        assertThat(StreamId.parse("9-0").isAfter(StreamId.parse("9-0"))).isFalse();
    }

    @Test
    void roundTripsThroughText() {
        assertThat(StreamId.parse("1712345678901-3")).isEqualTo(new StreamId(1712345678901L, 3));
    }

    @Test
    void rejectsWhatIsNotAStreamId() {
        assertThatIllegalArgumentException().isThrownBy(() -> StreamId.parse("abc"));
        assertThatIllegalArgumentException().isThrownBy(() -> StreamId.parse("5"));
        assertThatIllegalArgumentException().isThrownBy(() -> StreamId.parse("-1-0"));
        assertThatIllegalArgumentException().isThrownBy(() -> StreamId.parse("5-0\ndata: x"));
    }
}
