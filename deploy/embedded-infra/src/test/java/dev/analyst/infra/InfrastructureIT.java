package dev.analyst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class InfrastructureIT {

    @Test
    void startsServersTheServicesCanUse() throws Exception {
        var infra = Infrastructure.shared();

        try (var connection =
                        DriverManager.getConnection(infra.jdbcUrl("analyst"), infra.dbUser(), infra.dbPassword());
                var result = connection.createStatement().executeQuery("SELECT current_user, version()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo(infra.dbUser());
        }

        infra.createDatabase("sample_it");
        try (var connection =
                DriverManager.getConnection(infra.jdbcUrl("sample_it"), infra.dbUser(), infra.dbPassword())) {
            connection.createStatement().execute("CREATE TABLE owned_by_service (id int)");
        }

        try (var admin =
                AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("infra.check.v1", 1, (short) 1)))
                    .all()
                    .get();
            assertThat(admin.listTopics().names().get()).contains("infra.check.v1");
        }

        var redis = java.net.URI.create(infra.redisUrl());
        try (var socket = new Socket(redis.getHost(), redis.getPort())) {
            socket.getOutputStream().write("PING\r\n".getBytes());
            var reply = new byte[7];
            assertThat(socket.getInputStream().read(reply)).isPositive();
            assertThat(new String(reply)).startsWith("+PONG");
        }
        assertThat(infra.environment()).containsKeys("ANALYST_DB_HOST", "ANALYST_KAFKA_BOOTSTRAP", "ANALYST_REDIS_URL");
    }
}
