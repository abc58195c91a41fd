package dev.analyst.gateway.docs;

import dev.analyst.gateway.auth.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Describes the API at {@code /v3/api-docs} (JSON) and {@code /v3/api-docs.yaml}: outside {@code /api},
 * so it is read without a key.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // The authentication filter supplies the caller; it is never a parameter a client sends.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI analystOpenApi() {
        var bearer = new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description("An API key from ANALYST_API_KEYS, as 'Authorization: Bearer <key>'");
        var header = new SecurityScheme()
                .type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER)
                .name("X-API-Key")
                .description("The same API key, as 'X-API-Key: <key>'");
        return new OpenAPI()
                .info(new Info()
                        .title("Analyst API")
                        .description("Ask questions of your data and follow the answers as server-sent events. "
                                + "Errors are RFC 9457 problem details; 429 answers carry Retry-After.")
                        .version("v1"))
                .components(
                        new Components().addSecuritySchemes("bearer", bearer).addSecuritySchemes("apiKey", header))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
