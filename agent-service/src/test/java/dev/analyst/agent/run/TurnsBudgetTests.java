package dev.analyst.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.agent.stage.AskedQuestion.Turn;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnsBudgetTests {

    @Test
    void keepsTheNewestTurnsThatFitOldestFirst() {
        var newest = new Turn("and by stories?", "SELECT stories, avg(price) FROM housing GROUP BY stories");
        var older = new Turn("average price by bedrooms", "SELECT bedrooms, avg(price) FROM housing GROUP BY bedrooms");
        var long_ = new Turn("everything", "SELECT " + "x, ".repeat(RunCoordinator.TURNS_BUDGET / 3) + "1");

        assertThat(RunCoordinator.withinBudget(List.of(newest, older))).containsExactly(older, newest);
        assertThat(RunCoordinator.withinBudget(List.of(newest, long_, older))).containsExactly(newest);
        assertThat(RunCoordinator.withinBudget(List.of(long_, newest)))
                .as("the newest always")
                .containsExactly(long_);
    }
}
