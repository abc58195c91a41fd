package dev.analyst.agent.builtin;

import dev.analyst.agent.stage.AskedQuestion;
import dev.analyst.agent.stage.Validation;
import dev.analyst.agent.stage.Validator;
import dev.analyst.contracts.dataset.TableSchema;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The built-in model's validator: the dataset the question names or speaks of most, and its tables in
 * the order the question mentions them. It cannot tell a question about the data from one that is
 * not, so it lets every question through to the planner, which says what it could not place.
 */
@Component
public class BuiltInValidator implements Validator {

    @Override
    public Validation validate(AskedQuestion question) {
        var composed = BuiltInPlanner.followUp(question.text(), question.datasets(), question.previous());
        var text = composed != null ? composed : question.text();
        return switch (BuiltInPlanner.choose(text, question.dataset(), question.datasets())) {
            case BuiltInPlanner.Choice.None none -> new Validation(false, null, List.of(), none.reason());
            case BuiltInPlanner.Choice.Chosen chosen -> {
                var mentioned = TableRelevance.mentioned(chosen.dataset(), text);
                var tables = mentioned.isEmpty()
                        ? chosen.dataset().tables().stream()
                                .map(TableSchema::name)
                                .toList()
                        : mentioned;
                yield new Validation(true, chosen.dataset().name(), tables, "");
            }
        };
    }
}
