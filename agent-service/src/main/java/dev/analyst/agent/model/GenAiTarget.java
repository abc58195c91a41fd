package dev.analyst.agent.model;

import dev.analyst.agent.model.ModelProperties.Provider;
import java.net.URI;

/**
 * What a hosted model is to the GenAI semantic conventions: the provider as the client speaks to it,
 * the model asked for, and the server's address and port ({@code ""} and -1 when unknown).
 */
record GenAiTarget(String provider, String model, String address, int port) {

    static GenAiTarget of(Provider provider, String model) {
        var name = switch (provider.kind()) {
            // An OpenAI-compatible server is spoken to with the OpenAI client and its format.
            case OPENAI, OPENAI_COMPATIBLE -> "openai";
            case ANTHROPIC -> "anthropic";
            case OLLAMA -> "ollama";
        };
        var baseUrl = provider.baseUrl() != null && !provider.baseUrl().isBlank()
                ? provider.baseUrl()
                : switch (provider.kind()) {
                    case ANTHROPIC -> "https://api.anthropic.com/v1";
                    default -> "https://api.openai.com/v1";
                };
        try {
            var uri = URI.create(baseUrl.strip());
            if (uri.getHost() == null) {
                return new GenAiTarget(name, model, "", -1);
            }
            var port = uri.getPort() >= 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
            return new GenAiTarget(name, model, uri.getHost(), port);
        } catch (IllegalArgumentException e) {
            return new GenAiTarget(name, model, "", -1);
        }
    }
}
