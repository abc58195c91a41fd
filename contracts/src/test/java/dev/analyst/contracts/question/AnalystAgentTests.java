package dev.analyst.contracts.question;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnalystAgentTests {

    @Test
    void findsTheFirstMentionAnywhereInTheQuestion() {
        assertThat(AnalystAgent.mentionedIn("@ML predict price from area")).contains(AnalystAgent.ML);
        assertThat(AnalystAgent.mentionedIn("describe the price, @statistics")).contains(AnalystAgent.STATISTICS);
        assertThat(AnalystAgent.mentionedIn("mail ada@qa.example about the price"))
                .isEmpty();
        assertThat(AnalystAgent.mentionedIn("@mlops is not an agent")).isEmpty();
        assertThat(AnalystAgent.mentionedIn("@deep What drives the price?")).contains(AnalystAgent.DEEP);
    }

    @Test
    void leavesTheQuestionWithoutItsMentions() {
        assertThat(AnalystAgent.withoutMentions("@statistics  describe the price"))
                .isEqualTo("describe the price");
    }

    @Test
    void knowsAgentsByName() {
        assertThat(AnalystAgent.named("@viz")).contains(AnalystAgent.VIZ);
        assertThat(AnalystAgent.named("qa")).contains(AnalystAgent.QA);
        assertThat(AnalystAgent.named("sql")).isEmpty();
    }
}
