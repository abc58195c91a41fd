package dev.analyst.contracts;

import dev.analyst.contracts.budget.BudgetEvent;
import dev.analyst.contracts.dashboard.DashboardCommand;
import dev.analyst.contracts.dashboard.DashboardEvent;
import dev.analyst.contracts.dataset.DatasetEvent;
import dev.analyst.contracts.dataset.DatasetProgress;
import dev.analyst.contracts.question.Question;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.contracts.step.StepRequest;
import dev.analyst.contracts.step.StepResult;
import dev.analyst.contracts.usage.Usage;
import java.util.Arrays;

/** Every topic of the suite: its name, the sealed type of its payloads and what its records are keyed by. */
public enum Topic {
    QUESTIONS("analyst.questions.v1", Question.class, "conversation id", false),
    STEPS("analyst.steps.v1", StepRequest.class, "run id", false),
    STEP_RESULTS("analyst.step-results.v1", StepResult.class, "run id", false),
    RUN_EVENTS("analyst.run-events.v1", RunEvent.class, "run id", false),
    // Compacted: a consumer that reads it from the start learns the latest version of every dataset.
    // It carries DatasetReady only, so nothing else of a dataset can become the latest record of its key.
    DATASETS("analyst.datasets.v1", DatasetEvent.class, "dataset id", true),
    // Not compacted: every tick of a load's progress, and its failure, for progress bars and pollers.
    DATASET_PROGRESS("analyst.dataset-progress.v1", DatasetProgress.class, "dataset id", false),
    USAGE("analyst.usage.v1", Usage.class, "run id", false),
    // Compacted: the latest dashboard of every dataset, with the charts users pinned to it.
    DASHBOARDS("analyst.dashboards.v1", DashboardEvent.class, "dataset id", true),
    DASHBOARD_COMMANDS("analyst.dashboard-commands.v1", DashboardCommand.class, "dataset id", false),
    // Compacted: the budget administrators set for every user and tenant, keyed user:<id> or tenant:<id>.
    BUDGETS("analyst.budgets.v1", BudgetEvent.class, "holder", true);

    /** Partitions per topic: enough for a few instances of each consumer on a small cluster. */
    public static final int PARTITIONS = 6;

    private final String topicName;
    private final Class<? extends Event> payloadType;
    private final String keyedBy;
    private final boolean compacted;

    Topic(String topicName, Class<? extends Event> payloadType, String keyedBy, boolean compacted) {
        this.topicName = topicName;
        this.payloadType = payloadType;
        this.keyedBy = keyedBy;
        this.compacted = compacted;
    }

    public String topicName() {
        return topicName;
    }

    /** Where a record goes after its retries are spent. */
    public String deadLetterTopicName() {
        return topicName + ".DLT";
    }

    public Class<? extends Event> payloadType() {
        return payloadType;
    }

    public String keyedBy() {
        return keyedBy;
    }

    public boolean compacted() {
        return compacted;
    }

    /** The topic an event belongs on, from the sealed interface it implements. */
    public static Topic of(Event event) {
        return Arrays.stream(values())
                .filter(topic -> topic.payloadType.isInstance(event))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No topic carries " + event.getClass()));
    }
}
