package dev.analyst.gateway.agents;

import dev.analyst.contracts.question.AnalystAgent;
import dev.analyst.gateway.auth.Caller;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/agents}: the specialised agents a question can mention, each on or off for the
 * caller; {@code PUT /api/agents/{name}} with {@code {"enabled": false}} turns one off.
 */
@RestController
class AgentsController {

    private final AgentSettings settings;

    AgentsController(AgentSettings settings) {
        this.settings = settings;
    }

    @GetMapping("/api/agents")
    Mono<List<AgentView>> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return settings.list(caller);
    }

    @PutMapping("/api/agents/{name}")
    Mono<AgentView> set(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String name,
            @Valid @RequestBody AgentSetting setting) {
        var agent = AnalystAgent.named(name).orElseThrow(() -> new AgentNotFound(name));
        return settings.set(caller, agent, setting.enabled());
    }
}
