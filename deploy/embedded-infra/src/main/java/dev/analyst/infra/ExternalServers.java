package dev.analyst.infra;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Servers someone else runs, named by {@code ANALYST_EXTERNAL_POSTGRES_URL}
 * ({@code postgresql://user:password@host:port/database}, the user may create databases),
 * {@code ANALYST_EXTERNAL_KAFKA} ({@code host:port}) and {@code ANALYST_EXTERNAL_REDIS_URL}.
 */
final class ExternalServers {

    private ExternalServers() {}

    static Optional<Infrastructure> fromEnvironment(Map<String, String> environment) {
        var postgres = environment.get("ANALYST_EXTERNAL_POSTGRES_URL");
        var kafka = environment.get("ANALYST_EXTERNAL_KAFKA");
        var redis = environment.get("ANALYST_EXTERNAL_REDIS_URL");
        if (postgres == null || kafka == null || redis == null) {
            return Optional.empty();
        }
        var uri = URI.create(postgres);
        var userInfo = uri.getUserInfo() == null ? "analyst:analyst" : uri.getUserInfo();
        var user = userInfo.split(":", 2)[0];
        var password = userInfo.contains(":") ? userInfo.split(":", 2)[1] : "";
        var database = uri.getPath() == null || uri.getPath().length() <= 1
                ? "analyst"
                : uri.getPath().substring(1);
        var port = uri.getPort() < 0 ? 5432 : uri.getPort();
        var endpoints = new Endpoints(uri.getHost(), port, database, user, password, kafka, redis);
        return Optional.of(
                new Infrastructure("external", endpoints, new Infrastructure.AdminLogin(user, password), List.of()));
    }
}
