package dev.analyst.infra;

import java.util.LinkedHashMap;
import java.util.Map;

/** How the services reach the running servers, whichever way they were started. */
public record Endpoints(
        String dbHost,
        int dbPort,
        String dbName,
        String dbUser,
        String dbPassword,
        String kafkaBootstrapServers,
        String redisUrl) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + database;
    }

    /**
     * The {@code ANALYST_*} variables every service reads: the environment of a service process, or
     * the properties of an in-process test.
     */
    public Map<String, String> environment() {
        var environment = new LinkedHashMap<String, String>();
        environment.put("ANALYST_DB_HOST", dbHost);
        environment.put("ANALYST_DB_PORT", Integer.toString(dbPort));
        environment.put("ANALYST_DB_NAME", dbName);
        environment.put("ANALYST_DB_USER", dbUser);
        environment.put("ANALYST_DB_PASSWORD", dbPassword);
        environment.put("ANALYST_KAFKA_BOOTSTRAP", kafkaBootstrapServers);
        environment.put("ANALYST_REDIS_URL", redisUrl);
        return environment;
    }
}
