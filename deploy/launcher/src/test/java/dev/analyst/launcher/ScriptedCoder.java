package dev.analyst.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for a hosted model on the coder role (error analysis), speaking OpenAI's
 * {@code /v1/chat/completions}: no hosted model is reachable from a test. It mends a failed query by
 * renaming the columns it was told about and reports token usage as a provider does, so the suite
 * meters real {@code gen_ai.*} calls. Anything it was not asked to mend gets an HTTP 400, which the
 * agent answers by falling back to its built-in model.
 */
final class ScriptedCoder implements AutoCloseable {

    /** The model name the suite is configured with; the analytics price table has a price for it. */
    static final String MODEL = "gpt-4o-mini";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern FAILED_SQL = Pattern.compile("\\nSQL: (.*)\\nError \\(", Pattern.DOTALL);

    private final HttpServer server;
    private final Map<String, String> renamedColumns = new ConcurrentHashMap<>();
    private final AtomicInteger corrections = new AtomicInteger();

    ScriptedCoder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The environment that puts this server on the agent's coder role, before the built-in model. */
    Map<String, String> environment() {
        return Map.of(
                "ANALYST_MODELS_PROVIDERS_SCRIPTED_KIND",
                "openai-compatible",
                "ANALYST_MODELS_PROVIDERS_SCRIPTED_BASEURL",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "ANALYST_MODELS_PROVIDERS_SCRIPTED_APIKEY",
                "scripted",
                "ANALYST_MODELS_ROLES_CODER",
                "scripted:" + MODEL);
    }

    /** From now on a failed query naming {@code from} is mended to name {@code to}. */
    void mendRenamedColumn(String from, String to) {
        renamedColumns.put(from, to);
    }

    /** How many failed queries this server has mended. */
    int corrections() {
        return corrections.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            var failed = FAILED_SQL.matcher(userMessage(request));
            if (request.path("stream").asBoolean(false) || !failed.find()) {
                send(exchange, 400, "{\"error\":{\"message\":\"not scripted\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            var sql = failed.group(1).strip();
            for (var rename : renamedColumns.entrySet()) {
                sql = sql.replaceAll(
                        "\\b" + Pattern.quote(rename.getKey()) + "\\b", Matcher.quoteReplacement(rename.getValue()));
            }
            corrections.incrementAndGet();
            var correction = JSON.createObjectNode()
                    .put("diagnosis", "The column was renamed.")
                    .put("sql", sql);
            send(exchange, 200, completion(correction.toString()));
        }
    }

    private static String userMessage(JsonNode request) {
        for (var message : request.path("messages")) {
            if (message.path("role").asString("").equals("user")) {
                return message.path("content").asString("");
            }
        }
        return "";
    }

    private static String completion(String content) {
        var body = JSON.createObjectNode()
                .put("id", "chatcmpl-scripted")
                .put("object", "chat.completion")
                .put("created", 0)
                .put("model", MODEL);
        var choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        var usage = body.putObject("usage")
                .put("prompt_tokens", 420)
                .put("completion_tokens", 35)
                .put("total_tokens", 455);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 128);
        return body.toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
