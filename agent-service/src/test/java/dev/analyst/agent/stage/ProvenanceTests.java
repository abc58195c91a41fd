package dev.analyst.agent.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvenanceTests {

    private final ResultTable byFurnishing = new ResultTable(
            List.of(new ResultColumn("furnishingstatus", "text"), new ResultColumn("share", "numeric")),
            List.of(
                    List.of("furnished", 0.2569),
                    List.of("semi-furnished 2024", 0.4165),
                    List.of("unfurnished", 5191065.6566)),
            false);

    private final Provenance provenance =
            new Provenance(byFurnishing, List.of("Share of homes with more than 3 bedrooms"));

    @Test
    void tracesNumbersAsWrittenRoundedOrAsPercentages() {
        assertThat(provenance.traced("Unfurnished homes average 5,191,065.66.")).isTrue();
        assertThat(provenance.traced("That is about 5,191,066 in all.")).isTrue();
        assertThat(provenance.traced("Furnished homes are 25.69% of the total."))
                .isTrue();
        assertThat(provenance.traced("Furnished homes are 26% of the total.")).isTrue();
        assertThat(provenance.traced("There are 3 groups.")).isTrue();
        assertThat(provenance.traced("Among homes with more than 3 bedrooms, 2024 stands out."))
                .isTrue();
    }

    @Test
    void doesNotTraceNumbersTheResultDoesNotHold() {
        assertThat(provenance.traced("Prices rose 12% last year.")).isFalse();
        assertThat(provenance.traced("Unfurnished homes average 5,191,065.67.")).isFalse();
        assertThat(provenance.traced("Unfurnished homes average 5,200,000.")).isFalse();
        assertThat(provenance.traced("About 42 homes are furnished.")).isFalse();
        assertThat(provenance.traced("Only 202 homes are semi-furnished."))
                .as("part of 2024")
                .isFalse();
    }

    @Test
    void leavesOutOnlyTheSentencesWithUntracedNumbers() {
        assertThat(provenance.check(
                        "Semi-furnished is the largest share at 41.65%. Prices rose 12% last year. No more."))
                .isEqualTo(new Provenance.Checked("Semi-furnished is the largest share at 41.65%. No more.", 1));
    }

    @Test
    void streamsWordsAsTheyComeAndHoldsEachNumberUntilItIsTraced() {
        var shown = new ArrayList<String>();
        var stream = provenance.numbersChecked(shown::add);
        for (var piece : List.of(
                "Semi-furn", "ished leads at 41.", "65%. Prices ro", "se 12", "% a year. Unfurnished", " trails.")) {
            stream.accept(piece);
        }
        stream.finish();

        assertThat(shown.getFirst()).isEqualTo("Semi-furn");
        assertThat(String.join("", shown))
                .isEqualTo("Semi-furnished leads at 41.65%. Prices rose … a year. Unfurnished trails.");
        assertThat(shown).noneMatch(piece -> piece.contains("12"));
        assertThat(provenance
                        .check("Semi-furnished leads at 41.65%. Prices rose 12% a year.")
                        .leftOut())
                .isEqualTo(1);
    }

    @Test
    void aSignIsPartOfItsNumberAndADashIsText() {
        var shown = new ArrayList<String>();
        var stream = provenance.numbersChecked(shown::add);
        stream.accept("A change of -5 - small.");
        stream.finish();

        assertThat(String.join("", shown)).isEqualTo("A change of … - small.");
        assertThat(provenance.traced("Furnished is 2569% of it."))
                .as("only a fraction reads as a percentage")
                .isFalse();
    }

    @Test
    void aNumberEndingTheTextIsCheckedToo() {
        var shown = new ArrayList<String>();
        var stream = provenance.numbersChecked(shown::add);
        stream.accept("Unfurnished: 5,191,");
        stream.accept("065.66");
        assertThat(String.join("", shown)).isEqualTo("Unfurnished: ");
        stream.finish();

        assertThat(String.join("", shown)).isEqualTo("Unfurnished: 5,191,065.66");
    }
}
