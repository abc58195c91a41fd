package dev.analyst.execution.query;

import dev.analyst.execution.ExecutionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

    @Bean
    SecretBox secretBox(ExecutionProperties properties) {
        return new SecretBox(properties.secretKey());
    }
}
