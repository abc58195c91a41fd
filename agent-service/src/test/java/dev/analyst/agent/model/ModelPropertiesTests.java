package dev.analyst.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.analyst.agent.budget.Spending;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment variables the README documents bind as it says. */
class ModelPropertiesTests {

    @Test
    void bindsChainsRolesAndProvidersFromTheEnvironment() {
        var properties = bind(Map.of(
                "ANALYST_MODELS_CHAIN", "openai:gpt-4.1-mini",
                "ANALYST_MODELS_ROLES_PLANNER", "local:qwen2.5-coder:32b,openai:gpt-4.1",
                "ANALYST_MODELS_PROVIDERS_LOCAL_KIND", "openai-compatible",
                "ANALYST_MODELS_PROVIDERS_LOCAL_BASEURL", "http://127.0.0.1:8000/v1",
                "ANALYST_MODELS_TIMEOUT", "20s"));

        assertThat(properties.chainOf(Role.FAST)).containsExactly("openai:gpt-4.1-mini");
        assertThat(properties.chainOf(Role.PLANNER)).containsExactly("local:qwen2.5-coder:32b", "openai:gpt-4.1");
        assertThat(properties.providers().get("local"))
                .isEqualTo(new ModelProperties.Provider(
                        ModelProperties.Kind.OPENAI_COMPATIBLE, "http://127.0.0.1:8000/v1", null));
        assertThat(properties.timeout()).hasSeconds(20);
        assertThat(properties.attempts()).isEqualTo(3);
    }

    @Test
    void aChainNamingAProviderWithoutItsKeyStopsTheStartWithTheVariableToSet() {
        var properties = bind(Map.of(
                "ANALYST_MODELS_CHAIN", "openai:gpt-4.1-mini", "ANALYST_MODELS_PROVIDERS_OPENAI_KIND", "openai"));

        assertThatThrownBy(() -> new HostedModels(properties, new SimpleMeterRegistry(), Spending.UNLIMITED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OPENAI_API_KEY");
        assertThatThrownBy(() -> new HostedModels(
                        bind(Map.of("ANALYST_MODELS_CHAIN", "gpt-4")), new SimpleMeterRegistry(), Spending.UNLIMITED))
                .hasMessageContaining("provider:model");
        assertThat(new HostedModels(bind(Map.of()), new SimpleMeterRegistry(), Spending.UNLIMITED).chain(Role.WRITER))
                .isEmpty();
    }

    private static ModelProperties bind(Map<String, Object> environment) {
        var source = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment);
        return new Binder(ConfigurationPropertySources.from(source))
                .bindOrCreate("analyst.models", ModelProperties.class);
    }
}
