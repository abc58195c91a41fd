package dev.analyst.agent.builtin;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.CosineSimilarity;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which words mean the same, by the all-MiniLM-L6-v2 sentence embedding shipped in a Maven jar
 * (offline, deterministic): "cost" is near "price", "client" near "customer", "singer" near "artist".
 * Only single words are compared: whole phrases embed too loosely to tell a column from a stranger.
 */
@Component
public final class Meanings {

    /** Similarity at which two words are taken to mean the same; "cost" and "price" are 0.74. */
    static final double SAME = 0.55;

    /** Words too common to stand for anything in a schema. */
    private static final Set<String> EMPTY_WORDS = Set.of(
            "a",
            "an",
            "the",
            "of",
            "in",
            "on",
            "at",
            "to",
            "for",
            "by",
            "per",
            "with",
            "without",
            "and",
            "or",
            "is",
            "are",
            "was",
            "were",
            "be",
            "do",
            "does",
            "did",
            "have",
            "has",
            "had",
            "what",
            "which",
            "who",
            "how",
            "many",
            "much",
            "there",
            "their",
            "its",
            "it",
            "this",
            "that",
            "these",
            "those",
            "each",
            "every",
            "all",
            "any",
            "some",
            "show",
            "list",
            "give",
            "me",
            "tell",
            "number",
            "count",
            "total",
            "average",
            "mean",
            "median",
            "sum",
            "max",
            "min",
            "maximum",
            "minimum",
            "top",
            "most",
            "least",
            "highest",
            "lowest",
            "largest",
            "smallest",
            "from",
            "than",
            "more",
            "less",
            "over",
            "under",
            "not",
            "no",
            "yes",
            "into",
            "out",
            "up",
            "down",
            "about",
            "as",
            "i",
            "we",
            "you",
            "our",
            "my");

    /** Question words kept: the most recent, so a flood of odd words cannot grow the cache. */
    private static final int RECENT_WORDS = 5_000;

    private final EmbeddingModel model;
    /** Schema words recur in every question: each is embedded once. */
    private final Map<String, Embedding> schemaWords = new ConcurrentHashMap<>();

    private final Map<String, Embedding> recentWords =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Embedding> eldest) {
                    return size() > RECENT_WORDS;
                }
            });

    @Autowired
    public Meanings() {
        this(new AllMiniLmL6V2EmbeddingModel());
    }

    Meanings(EmbeddingModel model) {
        this.model = model;
    }

    /** Whether a word of a question may stand for a schema word at all. */
    static boolean carriesMeaning(String word) {
        return word.length() > 2 && !EMPTY_WORDS.contains(word) && word.chars().allMatch(Character::isLetter);
    }

    /** How alike two single words are, from -1 to 1. */
    double similarity(String questionWord, String schemaWord) {
        return CosineSimilarity.between(embedded(questionWord, recentWords), embedded(schemaWord, schemaWords));
    }

    /** A whole sentence's embedding: for questions compared with questions, not with schema words. */
    public float[] sentence(String text) {
        return model.embed(text).content().vector();
    }

    /** How alike two sentence embeddings are, from -1 to 1. */
    public static double similarity(float[] a, float[] b) {
        return CosineSimilarity.between(new Embedding(a), new Embedding(b));
    }

    /** The word's embedding, computed outside any lock (a model call takes milliseconds). */
    private Embedding embedded(String word, Map<String, Embedding> cache) {
        var embedding = cache.get(word);
        if (embedding == null) {
            embedding = model.embed(word).content();
            cache.put(word, embedding);
        }
        return embedding;
    }
}
