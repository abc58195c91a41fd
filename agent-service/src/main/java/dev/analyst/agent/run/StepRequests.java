package dev.analyst.agent.run;

import dev.analyst.agent.AgentProperties;
import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.run.ProgressReported;
import dev.analyst.contracts.run.SqlGenerated;
import dev.analyst.contracts.step.AnalysisRequested;
import dev.analyst.contracts.step.StepRequested;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Asks execution to run a plan's step: the query, or the analysis over the rows it selects. */
@Component
class StepRequests {

    private final AgentProperties properties;
    private final Clock clock = Clock.systemUTC();

    StepRequests(AgentProperties properties) {
        this.properties = properties;
    }

    /** Announces an attempt at the plan's query and asks execution to run it. */
    void request(
            RunTrace trace, DerivedIds ids, Plan plan, UUID stepId, int attempt, String tenantId, String progress) {
        var runId = trace.runId();
        var now = Instant.now(clock);
        trace.add(new SqlGenerated(ids.next(), now, runId, plan.datasetId(), plan.dataset(), attempt, plan.sql()));
        trace.add(new ProgressReported(ids.next(), now, runId, "execute", progress));
        var analysis = plan.analysis();
        trace.add(
                analysis == null
                        ? new StepRequested(
                                ids.next(),
                                now,
                                runId,
                                stepId,
                                tenantId,
                                plan.datasetId(),
                                attempt,
                                plan.sql(),
                                properties.rowLimit())
                        : new AnalysisRequested(
                                ids.next(),
                                now,
                                runId,
                                stepId,
                                tenantId,
                                plan.datasetId(),
                                attempt,
                                plan.sql(),
                                properties.analysisRowLimit(),
                                analysis));
    }
}
