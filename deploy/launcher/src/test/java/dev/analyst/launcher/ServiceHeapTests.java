package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceHeapTests {

    private static final long MIB = 1024 * 1024;

    @Test
    void aHeapThatStaysPutOrShrinksIsSteady() {
        assertThat(new ServiceHeap.Change(Service.GATEWAY, 80 * MIB, 80 * MIB).growing())
                .isFalse();
        assertThat(new ServiceHeap.Change(Service.GATEWAY, 80 * MIB, 60 * MIB).growing())
                .isFalse();
    }

    @Test
    void growthWithinAFifthPlus16MiBIsSteady() {
        // 100 MiB may reach 136 MiB: caches filling up and the like.
        var change = new ServiceHeap.Change(Service.AGENT, 100 * MIB, 136 * MIB);

        assertThat(change.growing()).isFalse();
        assertThat(change.verdict()).isEqualTo("steady");
        assertThat(change.growthPercent()).isEqualTo(36.0);
    }

    @Test
    void growthBeyondAFifthPlus16MiBIsFlagged() {
        var change = new ServiceHeap.Change(Service.AGENT, 100 * MIB, 137 * MIB);

        assertThat(change.growing()).isTrue();
        assertThat(change.verdict()).isEqualTo("GROWING");
        assertThat(ServiceHeap.Change.mebibytes(change.growth())).isEqualTo(37.0);
    }

    @Test
    void aSmallHeapIsNotFlaggedForAFewMebibytes() {
        // 20 MiB doubling is 20 MiB of growth: under 4 + 16 MiB would be, so still short of the bar.
        assertThat(new ServiceHeap.Change(Service.INGESTION, 20 * MIB, 39 * MIB).growing())
                .isFalse();
        assertThat(new ServiceHeap.Change(Service.INGESTION, 20 * MIB, 41 * MIB).growing())
                .isTrue();
    }
}
