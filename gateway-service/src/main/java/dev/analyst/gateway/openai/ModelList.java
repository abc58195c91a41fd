package dev.analyst.gateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** OpenAI's answer to {@code GET /v1/models}. */
record ModelList(String object, List<Model> data) {

    static ModelList of(List<Model> models) {
        return new ModelList("list", models);
    }

    /** One model: the analyst itself, or one of its agents. */
    record Model(
            String id,
            String object,
            long created,
            @JsonProperty("owned_by") String ownedBy) {

        static Model of(AnalystModel model) {
            return new Model(model.id(), "model", AnalystModel.CREATED, "analyst");
        }
    }
}
