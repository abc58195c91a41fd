package dev.analyst.agent.messaging;

import dev.analyst.contracts.Event;
import dev.analyst.contracts.Topic;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Events to and from the JSON on the wire, always through the topic's sealed type so {@code type} travels. */
@Component
public class EventCodec {

    private final JsonMapper mapper;

    EventCodec(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Event event) {
        return mapper.writerFor(Topic.of(event).payloadType()).writeValueAsString(event);
    }

    public <T> T read(String json, Class<T> type) {
        return mapper.readValue(json, type);
    }

    public String writeValue(Object value) {
        return mapper.writeValueAsString(value);
    }
}
