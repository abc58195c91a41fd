package dev.analyst.gateway.auth;

import dev.analyst.gateway.GatewayProperties;
import dev.analyst.gateway.openai.OpenAiErrors;
import dev.analyst.gateway.problem.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthConfiguration.class);

    @Bean
    ApiKeys apiKeys(GatewayProperties properties) {
        var keys = ApiKeys.parse(properties.apiKeys());
        if (keys.size() == 0) {
            log.warn(
                    "No API keys configured (ANALYST_API_KEYS): only accounts and their API keys can call /api and /v1");
        } else {
            log.info("{} API key(s) configured", keys.size());
        }
        return keys;
    }

    @Bean
    ApiKeyAuthenticationFilter apiKeyAuthenticationFilter(
            ApiKeys apiKeys,
            ObjectProvider<BearerAuthenticator> authenticators,
            ProblemResponses problems,
            OpenAiErrors openAiErrors) {
        return new ApiKeyAuthenticationFilter(
                apiKeys, authenticators.orderedStream().toList(), problems, openAiErrors);
    }
}
