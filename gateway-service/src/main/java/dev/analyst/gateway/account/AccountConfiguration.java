package dev.analyst.gateway.account;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

    @Bean
    Passwords passwords() {
        return new Passwords();
    }

    @Bean
    AccessTokens accessTokens(AccountProperties properties) {
        return AccessTokens.fromSecretKey(
                properties.secretKey(), properties.issuer(), properties.accessTokenTtl(), Clock.systemUTC());
    }

    @Bean
    AccountAuthenticator accountAuthenticator(AccessTokens accessTokens, Workspaces workspaces, UserApiKeys apiKeys) {
        return new AccountAuthenticator(accessTokens, workspaces, apiKeys);
    }
}
