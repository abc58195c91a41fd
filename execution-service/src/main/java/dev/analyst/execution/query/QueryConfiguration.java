package dev.analyst.execution.query;

import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.execution.ExecutionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

    @Bean
    SecretBox secretBox(ExecutionProperties properties) {
        return SecretBox.fromBase64(properties.secretKey());
    }
}
