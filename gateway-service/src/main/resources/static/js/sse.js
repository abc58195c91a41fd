// Server-sent events over fetch: EventSource can neither POST a question nor send an Authorization header.

/**
 * Reads a text/event-stream body frame by frame, calling onEvent(type, data, id) for each event with data; stops
 * early when onEvent answers true. Answers the id of the last event seen, for resuming with Last-Event-ID.
 */
export async function readEvents(response, onEvent) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let lastId = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return lastId;
      buffer = (buffer + value).replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseFrame(frame);
        if (event.id) lastId = event.id;
        if (event.data === null) continue;
        if (onEvent(event.type, event.data, event.id)) {
          reader.cancel().catch(() => {});
          return lastId;
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function parseFrame(frame) {
  let type = "message";
  let id = null;
  const data = [];
  for (const line of frame.split("\n")) {
    if (!line || line.startsWith(":")) continue; // comments are heartbeats
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let text = colon < 0 ? "" : line.slice(colon + 1);
    if (text.startsWith(" ")) text = text.slice(1);
    if (field === "event") type = text;
    else if (field === "data") data.push(text);
    else if (field === "id") id = text;
  }
  let payload = null;
  if (data.length) {
    try { payload = JSON.parse(data.join("\n")); } catch (e) { payload = { text: data.join("\n") }; }
  }
  return { type, id, data: payload };
}
