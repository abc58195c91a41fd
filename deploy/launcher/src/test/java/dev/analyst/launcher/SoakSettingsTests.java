package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SoakSettingsTests {

    @Test
    void readsDurationsAsTypedOnACommandLine() {
        assertThat(SoakSettings.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SoakSettings.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(SoakSettings.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(SoakSettings.duration("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(SoakSettings.duration("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(SoakSettings.duration(" 2M ")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void refusesWhatIsNoDuration() {
        assertThatThrownBy(() -> SoakSettings.duration("five minutes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("five minutes");
        assertThatThrownBy(() -> SoakSettings.duration("-5m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoakSettings.duration("5d")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsDurationsTheWayTheyAreTyped() {
        assertThat(SoakSettings.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(SoakSettings.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(SoakSettings.format(Duration.ofMillis(200))).isEqualTo("200ms");
        assertThat(SoakSettings.format(Duration.ofHours(2))).isEqualTo("2h");
    }

    @Test
    void takesTheDefaultsForWhatIsNotGiven() {
        var settings = SoakSettings.parse(new String[] {"--users", "10", "--duration", "2m", "--seed", "42"});

        assertThat(settings.users()).isEqualTo(10);
        assertThat(settings.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.seed()).isEqualTo(42);
        assertThat(settings.think()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.grace()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void refusesAnUnknownOptionRatherThanIgnoringATypo() {
        assertThatThrownBy(() -> SoakSettings.parse(new String[] {"--user", "10"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--user 10");
        assertThatThrownBy(() -> SoakSettings.parse(new String[] {"--users"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoakSettings.parse(new String[] {"--users", "0"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
