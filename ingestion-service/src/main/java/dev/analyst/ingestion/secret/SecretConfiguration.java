package dev.analyst.ingestion.secret;

import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.ingestion.IngestionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretConfiguration {

    @Bean
    SecretBox secretBox(IngestionProperties properties) {
        return SecretBox.fromBase64(properties.secretKey());
    }
}
