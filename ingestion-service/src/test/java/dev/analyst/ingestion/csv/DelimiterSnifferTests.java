package dev.analyst.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DelimiterSnifferTests {

    @Test
    void findsCommas() {
        assertThat(DelimiterSniffer.sniff("price,area,mainroad\r\n13300000,7420,yes\r\n", true))
                .isEqualTo(',');
    }

    @Test
    void findsSemicolonsEvenWithDecimalCommas() {
        assertThat(DelimiterSniffer.sniff("name;price;qty\nTea;1,50;2\nCake;2,75;1\n", true))
                .isEqualTo(';');
    }

    @Test
    void findsTabs() {
        assertThat(DelimiterSniffer.sniff("a\tb\tc\n1\t2\t3\n", true)).isEqualTo('\t');
    }

    @Test
    void findsPipes() {
        assertThat(DelimiterSniffer.sniff("a|b\n1|x, y\n2|z\n", true)).isEqualTo('|');
    }

    @Test
    void ignoresDelimitersInsideQuotes() {
        var sample = "city;note\n\"Paris, France\";\"a, b, c\"\n\"Rome, Italy\";x\n";

        assertThat(DelimiterSniffer.sniff(sample, true)).isEqualTo(';');
    }

    @Test
    void ignoresACutOffLastLine() {
        // Only the complete lines decide; the partial one would disagree.
        assertThat(DelimiterSniffer.sniff("a;b;c\n1;2;3\n4;5;6\n7;8", false)).isEqualTo(';');
    }

    @Test
    void fallsBackToCommaForASingleColumn() {
        assertThat(DelimiterSniffer.sniff("name\nAda\nGrace\n", true)).isEqualTo(',');
    }
}
