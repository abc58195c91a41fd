package dev.analyst.gateway.agents;

import dev.analyst.contracts.question.AnalystAgent;
import dev.analyst.gateway.auth.Caller;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Which agents each user has turned on, stored per user; every agent is on until turned off. */
@Service
public class AgentSettings {

    private final DatabaseClient db;

    AgentSettings(DatabaseClient db) {
        this.db = db;
    }

    /** Every agent, with whether the caller has it on. */
    public Mono<List<AgentView>> list(Caller caller) {
        return db.sql("select agent, enabled from user_agents where tenant_id = :tenant and user_id = :user")
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .map((row, metadata) -> Map.entry(row.get("agent", String.class), row.get("enabled", Boolean.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new)
                .map(stored -> Arrays.stream(AnalystAgent.values())
                        .map(agent -> AgentView.of(agent, stored.getOrDefault(agent.name(), true)))
                        .toList());
    }

    Mono<AgentView> set(Caller caller, AnalystAgent agent, boolean enabled) {
        return db.sql("""
                        insert into user_agents (tenant_id, user_id, agent, enabled) values (:tenant, :user, :agent, :enabled)
                        on conflict (tenant_id, user_id, agent) do update set enabled = excluded.enabled, updated_at = now()
                        """)
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .bind("agent", agent.name())
                .bind("enabled", enabled)
                .then()
                .thenReturn(AgentView.of(agent, enabled));
    }

    /**
     * Completes when the question mentions no agent or one the caller has on; fails with {@link
     * AgentTurnedOff} otherwise.
     */
    public Mono<Void> allow(Caller caller, String question) {
        var mentioned = AnalystAgent.mentionedIn(question);
        if (mentioned.isEmpty()) {
            return Mono.empty();
        }
        var agent = mentioned.get();
        return db.sql(
                        "select enabled from user_agents where tenant_id = :tenant and user_id = :user and agent = :agent")
                .bind("tenant", caller.tenantId())
                .bind("user", caller.userId())
                .bind("agent", agent.name())
                .map((row, metadata) -> row.get("enabled", Boolean.class))
                .one()
                .defaultIfEmpty(true)
                .flatMap(enabled -> enabled ? Mono.<Void>empty() : Mono.error(new AgentTurnedOff(agent)));
    }
}
