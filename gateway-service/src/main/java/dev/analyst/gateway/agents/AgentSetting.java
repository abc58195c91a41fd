package dev.analyst.gateway.agents;

import jakarta.validation.constraints.NotNull;

/** The body of {@code PUT /api/agents/{name}}. */
record AgentSetting(@NotNull Boolean enabled) {}
