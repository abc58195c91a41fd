package dev.analyst.agent.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for a hosted model: an OpenAI-compatible {@code /v1/chat/completions} endpoint that
 * answers from a script, plainly or streamed as the request asks, and records every request. No hosted
 * model is reachable from a test; this is the one part that is not the real thing.
 */
public final class ScriptedModelServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Deque<Reply> queued = new ArrayDeque<>();
    private final List<JsonNode> requests = new ArrayList<>();
    private Function<JsonNode, Reply> otherwise =
            request -> new Status(500, "{\"error\":{\"message\":\"unscripted\"}}");

    public ScriptedModelServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Replies given in order, one per request, before {@link #otherwise} takes over. */
    public synchronized ScriptedModelServer then(Reply... replies) {
        queued.addAll(List.of(replies));
        return this;
    }

    /** The reply to every request once the queued ones are used up, chosen from the request. */
    public synchronized ScriptedModelServer otherwise(Function<JsonNode, Reply> replies) {
        otherwise = replies;
        return this;
    }

    public synchronized List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** The system message of a request: which stage asked. */
    public static String system(JsonNode request) {
        return message(request, "system");
    }

    /** The user message of a request: what the stage gave the model to work on. */
    public static String user(JsonNode request) {
        return message(request, "user");
    }

    private static String message(JsonNode request, String role) {
        for (var message : request.path("messages")) {
            if (message.path("role").asString("").equals(role)) {
                return message.path("content").asString("");
            }
        }
        return "";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            Reply reply;
            synchronized (this) {
                requests.add(request);
                reply = queued.isEmpty() ? otherwise.apply(request) : queued.poll();
            }
            switch (reply) {
                case Answer answer when request.path("stream").asBoolean(false) -> stream(exchange, answer);
                case Answer answer ->
                    send(exchange, 200, "application/json", completion(answer).toString());
                case Status status -> send(exchange, status.code(), "application/json", status.body());
                case Malformed malformed -> send(exchange, 200, "application/json", malformed.body());
                case Hang hang -> {
                    sleep(hang.duration());
                    send(
                            exchange,
                            200,
                            "application/json",
                            completion(new Answer("late")).toString());
                }
            }
        } catch (IOException e) {
            // The client gave up (a timeout): nothing to answer.
        }
    }

    private static ObjectNode completion(Answer answer) {
        var body = JSON.createObjectNode()
                .put("id", "chatcmpl-scripted")
                .put("object", "chat.completion")
                .put("created", 0)
                .put("model", "scripted");
        var choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answer.content());
        usage(body, answer);
        return body;
    }

    private static void usage(ObjectNode body, Answer answer) {
        var usage = body.putObject("usage")
                .put("prompt_tokens", answer.promptTokens())
                .put("completion_tokens", answer.completionTokens())
                .put("total_tokens", answer.promptTokens() + answer.completionTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", answer.cachedTokens());
    }

    /** Server-sent chunks of a few characters each, then the usage, then {@code [DONE]}. */
    private static void stream(HttpExchange exchange, Answer answer) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        var text = answer.content();
        for (int at = 0; at < text.length(); at += 4) {
            var chunk = chunk();
            chunk.putArray("choices")
                    .addObject()
                    .put("index", 0)
                    .putObject("delta")
                    .put("content", text.substring(at, Math.min(text.length(), at + 4)));
            event(out, chunk.toString());
            sleep(answer.pieceDelay());
        }
        var last = chunk();
        last.putArray("choices")
                .addObject()
                .put("index", 0)
                .put("finish_reason", "stop")
                .putObject("delta");
        event(out, last.toString());
        var usage = chunk();
        usage.putArray("choices");
        usage(usage, answer);
        event(out, usage.toString());
        event(out, "[DONE]");
    }

    private static ObjectNode chunk() {
        return JSON.createObjectNode()
                .put("id", "chatcmpl-scripted")
                .put("object", "chat.completion.chunk")
                .put("created", 0)
                .put("model", "scripted");
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** What the server answers one request with. */
    public sealed interface Reply {}

    /** A completion: one JSON body, or chunks when the request asked for a stream. */
    public record Answer(String content, int promptTokens, int completionTokens, int cachedTokens, Duration pieceDelay)
            implements Reply {

        public Answer(String content) {
            this(content, 100, 20, 0, Duration.ZERO);
        }
    }

    /** An HTTP error: 429, 500, ... */
    public record Status(int code, String body) implements Reply {

        public Status(int code) {
            this(code, "{\"error\":{\"message\":\"scripted failure " + code + "\",\"type\":\"server_error\"}}");
        }
    }

    /** A body that is not a completion at all. */
    public record Malformed(String body) implements Reply {}

    /** No answer until the client has given up. */
    public record Hang(Duration duration) implements Reply {}
}
