package dev.analyst.launcher;

import dev.analyst.contracts.Topic;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What must hold once the faults are over and the suite has settled, read from the services' databases
 * and topics as they are (nothing here trusts a service's own account):
 *
 * <ol>
 *   <li>every accepted question ended, answered or failed, none still running;
 *   <li>no run answered twice, no step's result published twice under different ids, no answered run
 *       without its message, no client given one run event twice;
 *   <li>every upload a complete dataset version (its rows all there) or absent, no load left loading;
 *   <li>the ledger holds every usage event once, its daily totals equal the sum of its calls, and the hosted
 *       model's calls as the model itself counted them;
 *   <li>the dead-letter topics hold the poison records, and nothing else.
 * </ol>
 */
final class FaultInvariants {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A call delivered this long before an agent was killed may have died with it, unrecorded by anyone. */
    private static final Duration KILL_WINDOW = Duration.ofSeconds(3);
    /** How long the ledger may take to catch up with the usage topic once the faults are over. */
    private static final Duration LEDGER_CATCH_UP = Duration.ofSeconds(90);

    private final Suite suite;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Object> figures = new TreeMap<>();

    FaultInvariants(Suite suite) {
        this.suite = suite;
    }

    /** A finding: what was checked, and whether it held. */
    record Outcome(List<String> violations, Map<String, Object> figures) {
        boolean held() {
            return violations.isEmpty();
        }
    }

    Outcome check(
            FaultWorkload workload,
            List<FaultInjector.Poison> poison,
            List<Instant> delivered,
            List<Instant> agentKills)
            throws SQLException {
        var infrastructure = suite.infrastructure();
        try (var db = DriverManager.getConnection(
                infrastructure.jdbcUrl(infrastructure.endpoints().dbName()),
                infrastructure.dbUser(),
                infrastructure.dbPassword())) {
            questionsEnded(db, workload.accepted().keySet());
            var twice = workload.counts().getOrDefault(FaultWorkload.DELIVERED_TWICE, 0);
            if (twice > 0) {
                violations.add("Clients received " + twice + " run events twice");
            }
            answersOnce(db);
            uploadsWholeOrAbsent(db, workload.uploads());
            ledgerCountsEveryCallOnce(db, delivered, agentKills);
        }
        stepResultsOnce();
        deadLettersArePoison(poison);
        return new Outcome(List.copyOf(violations), new TreeMap<>(figures));
    }

    private void questionsEnded(Connection db, Set<UUID> accepted) throws SQLException {
        var ended = new HashMap<UUID, String>();
        try (var rows = db.createStatement()
                .executeQuery("SELECT run_id, status, coalesce(failure_reason, '') FROM gateway.runs")) {
            while (rows.next()) {
                var status = rows.getString(2);
                ended.put(
                        rows.getObject(1, UUID.class),
                        status.equals("failed") ? "failed: " + rows.getString(3) : status);
            }
        }
        var outcomes = new TreeMap<String, Integer>();
        for (var run : accepted) {
            var outcome = ended.get(run);
            if (outcome == null) {
                violations.add("Accepted question of run " + run + " is lost: the gateway has no run for it");
                continue;
            }
            if (outcome.equals("running")) {
                violations.add("Run " + run + " is still running");
            }
            if (outcome.equals("failed: deadline-passed")) {
                // Only the gateway's last guard ended it: its question was lost on the way, or its run was.
                violations.add("Run " + run + " was ended by the gateway's deadline: nothing else ended it");
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        figures.put("questions accepted", accepted.size());
        figures.put("questions ended as", outcomes);
        // The agent's account must agree: no run it answered that the gateway failed, none still waiting.
        try (var rows = db.createStatement().executeQuery("""
                SELECT a.run_id, a.status, g.status FROM agent.run a JOIN gateway.runs g ON g.run_id = a.run_id
                 WHERE a.status IN ('executing', 'charting') OR (a.status = 'answered' AND g.status <> 'completed')""")) {
            while (rows.next()) {
                violations.add("Run " + rows.getObject(1) + " is " + rows.getString(2) + " at the agent but "
                        + rows.getString(3) + " at the gateway");
            }
        }
    }

    private void answersOnce(Connection db) throws SQLException {
        try (var rows = db.createStatement().executeQuery("""
                SELECT r.run_id, r.status, count(m.id) FILTER (WHERE m.role = 'assistant')
                  FROM gateway.runs r LEFT JOIN gateway.messages m ON m.run_id = r.run_id
                 GROUP BY r.run_id, r.status""")) {
            while (rows.next()) {
                var answers = rows.getLong(3);
                if (answers > 1) {
                    violations.add("Run " + rows.getObject(1) + " has " + answers + " answers");
                }
                if (rows.getString(2).equals("completed") && answers == 0) {
                    violations.add("Run " + rows.getObject(1) + " completed without its answer stored");
                }
            }
        }
        var answered = new HashMap<String, Set<String>>();
        for (var record : readAll(Topic.RUN_EVENTS.topicName())) {
            var event = json(record);
            if (event != null && event.path("type").asString("").equals("AnswerCompleted")) {
                answered.computeIfAbsent(event.path("runId").asString(), run -> new HashSet<>())
                        .add(event.path("eventId").asString());
            }
        }
        answered.forEach((run, ids) -> {
            if (ids.size() > 1) {
                violations.add("Run " + run + " was answered " + ids.size() + " times (distinct AnswerCompleted ids)");
            }
        });
    }

    private void stepResultsOnce() {
        var results = new HashMap<String, Set<String>>();
        for (var record : readAll(Topic.STEP_RESULTS.topicName())) {
            var event = json(record);
            if (event != null && event.hasNonNull("stepId")) {
                results.computeIfAbsent(event.path("stepId").asString(), step -> new HashSet<>())
                        .add(event.path("eventId").asString());
            }
        }
        var twice = results.values().stream().filter(ids -> ids.size() > 1).count();
        if (twice > 0) {
            violations.add(twice + " steps have more than one result (distinct event ids)");
        }
        figures.put("step results", results.size());
    }

    private void uploadsWholeOrAbsent(Connection db, List<FaultWorkload.Upload> uploads) throws SQLException {
        var complete = 0;
        var absent = 0;
        for (var upload : uploads) {
            try (var query = db.prepareStatement("""
                    SELECT d.status, d.row_count, d.schema_name, d.table_name, count(*) OVER ()
                      FROM ingestion.datasets d WHERE d.tenant_id = ? AND d.name = ?""")) {
                query.setString(1, Suite.TENANT);
                query.setString(2, upload.name());
                try (var row = query.executeQuery()) {
                    if (!row.next()) {
                        absent++;
                        continue;
                    }
                    if (row.getLong(5) != 1 || !row.getString(1).equals("ready")) {
                        violations.add("Upload " + upload.name() + " is " + row.getLong(5) + " datasets, the first "
                                + row.getString(1));
                        continue;
                    }
                    var counted = countRows(db, row.getString(3), row.getString(4));
                    if (row.getLong(2) != upload.rows() || counted != upload.rows()) {
                        violations.add("Upload " + upload.name() + " of " + upload.rows() + " rows is a dataset of "
                                + row.getLong(2) + " rows registered, " + counted + " in its table");
                    } else {
                        complete++;
                    }
                }
            }
        }
        try (var rows = db.createStatement()
                .executeQuery("SELECT name FROM ingestion.dataset_loads WHERE status = 'loading'")) {
            while (rows.next()) {
                violations.add("The load of " + rows.getString(1) + " is still loading");
            }
        }
        figures.put("uploads", Map.of("sent", uploads.size(), "complete", complete, "absent", absent));
    }

    private static long countRows(Connection db, String schema, String table) throws SQLException {
        try (var count = db.createStatement()
                .executeQuery("SELECT count(*) FROM \"" + schema.replace("\"", "\"\"") + "\".\""
                        + table.replace("\"", "\"\"") + "\"")) {
            count.next();
            return count.getLong(1);
        }
    }

    private void ledgerCountsEveryCallOnce(Connection db, List<Instant> delivered, List<Instant> agentKills)
            throws SQLException {
        var published = new HashSet<String>();
        for (var record : readAll(Topic.USAGE.topicName())) {
            var event = json(record);
            if (event != null && event.path("type").asString("").equals("ModelCalled")) {
                published.add(event.path("eventId").asString());
            }
        }
        // The ledger writes in batches and may still be catching up after its last restart: it has a while.
        long recorded = 0;
        long standIn = 0;
        var deadline = Instant.now().plus(LEDGER_CATCH_UP);
        do {
            try (var rows = db.createStatement().executeQuery("""
                    SELECT count(*), count(*) FILTER (WHERE provider = 'standin') FROM analytics.model_call""")) {
                rows.next();
                recorded = rows.getLong(1);
                standIn = rows.getLong(2);
            }
            if (recorded == published.size()) {
                break;
            }
            pause();
        } while (Instant.now().isBefore(deadline));
        if (recorded != published.size()) {
            violations.add("The ledger holds " + recorded + " calls; " + published.size() + " distinct usage events"
                    + " were published");
        } else {
            var ledger = new HashSet<String>();
            try (var rows = db.createStatement().executeQuery("SELECT event_id::text FROM analytics.model_call")) {
                while (rows.next()) {
                    ledger.add(rows.getString(1));
                }
            }
            if (!ledger.equals(published)) {
                violations.add("The ledger's calls are not the usage events published, though as many");
            }
        }
        try (var rows = db.createStatement().executeQuery("""
                SELECT (SELECT coalesce(sum(calls), 0) FROM analytics.daily_usage),
                       (SELECT coalesce(sum(input_tokens + output_tokens), 0) FROM analytics.daily_usage),
                       (SELECT coalesce(sum(cost_micros), 0) FROM analytics.daily_usage),
                       (SELECT coalesce(sum(input_tokens + output_tokens), 0) FROM analytics.model_call),
                       (SELECT coalesce(sum(cost_micros), 0) FROM analytics.model_call)""")) {
            rows.next();
            if (rows.getLong(1) != recorded
                    || rows.getLong(2) != rows.getLong(4)
                    || rows.getLong(3) != rows.getLong(5)) {
                violations.add("Daily usage totals (" + rows.getLong(1) + " calls, " + rows.getLong(2) + " tokens, "
                        + rows.getLong(3) + " micro-dollars) differ from the calls (" + recorded + ", "
                        + rows.getLong(4) + ", " + rows.getLong(5) + ")");
            }
        }
        // Calls the stand-in delivered just before an agent died may have died with it: nobody but the
        // provider could know of them. Any other difference is a call lost or counted twice.
        var mayBeLost = delivered.stream()
                .filter(at -> agentKills.stream()
                        .anyMatch(kill -> !at.isAfter(kill.plusSeconds(1)) && at.isAfter(kill.minus(KILL_WINDOW))))
                .count();
        if (standIn > delivered.size() || delivered.size() - standIn > mayBeLost) {
            violations.add("The hosted model delivered " + delivered.size() + " calls; the ledger holds " + standIn
                    + " (at most " + mayBeLost + " may have died with a killed agent)");
        }
        figures.put(
                "model calls",
                Map.of(
                        "usage events published", published.size(),
                        "ledger rows", recorded,
                        "hosted calls delivered", delivered.size(),
                        "hosted calls in the ledger", standIn,
                        "delivered just before an agent kill", mayBeLost));
    }

    private void deadLettersArePoison(List<FaultInjector.Poison> poison) {
        var found = new HashSet<String>();
        var topics = new ArrayList<String>();
        for (var topic : Topic.values()) {
            topics.add(topic.deadLetterTopicName());
        }
        var deadLettered = 0;
        for (var topic : topics) {
            for (var record : readAll(topic)) {
                deadLettered++;
                var value = record.value() == null ? "" : record.value();
                var marker = poison.stream()
                        .filter(sent -> value.contains(sent.marker()))
                        .findFirst();
                if (marker.isEmpty()) {
                    violations.add("A record that was not poison is in " + topic + ": "
                            + value.substring(0, Math.min(200, value.length())));
                } else {
                    found.add(marker.get().marker());
                }
            }
        }
        for (var sent : poison) {
            if (!found.contains(sent.marker())) {
                violations.add(
                        "Poison record " + sent.marker() + " on " + sent.topic() + " is in no dead-letter topic");
            }
        }
        figures.put("dead letters", Map.of("poison sent", poison.size(), "dead-lettered records", deadLettered));
    }

    private List<ConsumerRecord<String, String>> readAll(String topic) {
        var records = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        suite.infrastructure().kafkaBootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5_000),
                new StringDeserializer(),
                new StringDeserializer())) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return records;
            }
            var partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            var deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (Instant.now().isAfter(deadline)) {
                    // A partial read could hide a duplicate: say so rather than judge on part of the topic.
                    violations.add("Reading " + topic + " to its end took longer than 2 minutes");
                    break;
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static void pause() {
        try {
            java.util.concurrent.TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the ledger caught up", e);
        }
    }

    private static JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return record.value() == null ? null : JSON.readTree(record.value());
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
