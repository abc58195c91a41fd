package dev.analyst.agent.budget;

import dev.analyst.contracts.usage.PriceList;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The shared price list ({@code analyst.prices}, imported from contracts): budgets cost calls as analytics bills them. */
@Configuration(proxyBeanMethods = false)
class PriceListConfiguration {

    @Bean
    PriceList priceList(Environment environment) {
        return Binder.get(environment)
                .bind("analyst.prices", PriceList.class)
                .orElseThrow(() -> new IllegalStateException(
                        "No price list: analyst.prices is missing (it ships as " + PriceList.RESOURCE + ")"));
    }
}
