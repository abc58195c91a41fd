package dev.analyst.ingestion.web;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Resolves a {@link Caller} handler argument from the gateway's headers, or fails with 400. */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Mono<Object> resolveArgument(
            MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        var headers = exchange.getRequest().getHeaders();
        var tenant = headers.getFirst(Caller.TENANT_HEADER);
        if (tenant == null || tenant.isBlank()) {
            return Mono.error(new Caller.MissingTenant());
        }
        return Mono.fromCallable(() -> new Caller(tenant.strip(), headers.getFirst(Caller.USER_HEADER)));
    }
}
