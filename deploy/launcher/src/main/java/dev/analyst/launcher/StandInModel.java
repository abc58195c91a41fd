package dev.analyst.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hosted model for the fault suite, speaking OpenAI's {@code /v1/chat/completions} on loopback (no real
 * provider is reachable here): it answers every call with a short text and the token usage a provider
 * reports, and can be told to hang, as a provider that stops answering does. It keeps the time of every
 * answer it delivered whole: the calls made, against which the usage ledger is checked.
 *
 * <p>Its answers are not what the stages ask for, so each stage falls back to the built-in model after the
 * call: what matters here is that the call was made, billed and counted.
 */
final class StandInModel implements AutoCloseable {

    static final String PROVIDER = "standin";
    static final String MODEL = "gpt-4o-mini";
    static final long INPUT_TOKENS = 120;
    static final long OUTPUT_TOKENS = 8;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ANSWER = "No suggestion.";

    private final HttpServer server;
    private final List<Instant> delivered = new CopyOnWriteArrayList<>();
    private final AtomicLong hangUntilNanos = new AtomicLong();
    private volatile Consumer<Instant> onRequest = arrived -> {};

    StandInModel() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The environment that puts this model on the agent's fast role (two stages of every question). */
    Map<String, String> environment() {
        return Map.of(
                "ANALYST_MODELS_PROVIDERS_STANDIN_KIND",
                "openai-compatible",
                "ANALYST_MODELS_PROVIDERS_STANDIN_BASEURL",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "ANALYST_MODELS_PROVIDERS_STANDIN_APIKEY",
                "standin",
                "ANALYST_MODELS_ROLES_FAST",
                PROVIDER + ":" + MODEL);
    }

    /** Every request arriving from now on waits until {@code until} before it is answered. */
    void hangUntil(Instant until) {
        hangUntilNanos.set(System.nanoTime()
                + java.time.Duration.between(Instant.now(), until).toNanos());
    }

    /** Called as each request arrives, before it is answered: a fault can strike during a model call. */
    void onRequest(Consumer<Instant> listener) {
        this.onRequest = listener;
    }

    /** When each answer was delivered whole, oldest first. */
    List<Instant> delivered() {
        return List.copyOf(delivered);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var request = JSON.readTree(exchange.getRequestBody());
            onRequest.accept(Instant.now());
            var wait = hangUntilNanos.get() - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            var streamed = request.path("stream").asBoolean(false);
            var body = streamed ? streamed() : whole();
            exchange.getResponseHeaders().add("Content-Type", streamed ? "text/event-stream" : "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.getResponseBody().flush();
            // Written to the socket: as far as a provider knows, this call was made and is billed.
            delivered.add(Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // The agent hung up (killed, or its time limit passed): the answer was never delivered.
        }
    }

    private static byte[] whole() {
        var choice =
                Map.of("index", 0, "message", Map.of("role", "assistant", "content", ANSWER), "finish_reason", "stop");
        return JSON.writeValueAsBytes(completion("chat.completion", choice, true));
    }

    private static byte[] streamed() {
        var piece = completion("chat.completion.chunk", Map.of("index", 0, "delta", Map.of("content", ANSWER)), false);
        var last = completion(
                "chat.completion.chunk", Map.of("index", 0, "delta", Map.of(), "finish_reason", "stop"), true);
        return ("data: " + JSON.writeValueAsString(piece) + "\n\ndata: " + JSON.writeValueAsString(last)
                        + "\n\ndata: [DONE]\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A completion or a streamed chunk of one, with the provider's usage report when {@code withUsage}. */
    private static Map<String, Object> completion(String object, Map<String, Object> choice, boolean withUsage) {
        var completion = new java.util.LinkedHashMap<String, Object>();
        completion.put("id", "chatcmpl-standin");
        completion.put("object", object);
        completion.put("created", Instant.now().getEpochSecond());
        completion.put("model", MODEL);
        completion.put("choices", List.of(choice));
        if (withUsage) {
            completion.put("usage", usage());
        }
        return completion;
    }

    private static Map<String, Object> usage() {
        return Map.of(
                "prompt_tokens", INPUT_TOKENS,
                "completion_tokens", OUTPUT_TOKENS,
                "total_tokens", INPUT_TOKENS + OUTPUT_TOKENS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
