// Asking questions: the answer streams in (progress, summary, SQL, result, chart, follow-ups), can be stopped, and
// is resumed from the last event when the stream drops. Also the conversation history beside it.
import { api, request, getJson, sendJson } from "./api.js";
import { readEvents } from "./sse.js";
import { $, el, button, table, plot, purgeCharts, showError } from "./render.js";
import { selectedDataset } from "./datasets.js";

const TERMINAL = new Set(["AnswerCompleted", "RunFailed"]);
const NOT_PINNABLE = new Set(["", "none", "table"]);
const state = { conversationId: null, runId: null, running: false, stream: null };

// ---- One answer --------------------------------------------------------------------------------

/** The card an answer is drawn into, with a setter per part so streamed events and stored messages share it. */
function answerCard() {
  const card = el("article", "answer");
  const progressBox = el("details", "progress");
  progressBox.appendChild(el("summary", null, "Progress"));
  const progress = el("ul");
  progressBox.appendChild(progress);
  const summary = el("div", "summary");
  summary.setAttribute("aria-live", "polite");
  const chart = el("div", "chart hidden");
  const sampling = el("div", "muted");
  const sql = el("details", "sql hidden");
  sql.appendChild(el("summary", null, "SQL"));
  const sqlText = el("pre");
  sql.appendChild(sqlText);
  const result = el("div", "result hidden");
  const followUps = el("div", "row followups");
  const actions = el("div", "row");
  card.append(progressBox, summary, chart, sampling, sql, result, followUps, actions);
  let summaryFinal = false;
  let figureShown = false;
  return {
    card,
    progress(text) {
      const item = el("li", null, text);
      progress.appendChild(item);
    },
    delta(text) { if (!summaryFinal) summary.textContent += text; },
    summary(text) { summaryFinal = true; summary.textContent = text || ""; },
    sql(text) {
      if (!text) return;
      sqlText.textContent = text;
      sql.classList.remove("hidden");
    },
    result(data) {
      if (!data || !data.columns) return;
      result.replaceChildren(table(data, 50));
      if (data.truncated) result.appendChild(el("div", "muted", "The result was capped."));
      result.classList.remove("hidden");
    },
    figure(figure) {
      if (!figure || figureShown) return;
      figureShown = true;
      chart.classList.remove("hidden");
      plot(chart, figure);
      sampling.textContent = figure.sampling || "";
    },
    followUps(questions) {
      followUps.replaceChildren();
      for (const question of questions || []) {
        followUps.appendChild(button(question, () => { $("question").value = question; ask(); }, "secondary"));
      }
    },
    pinnable(runId, chartSpec, sqlText) {
      if (!runId || !chartSpec || NOT_PINNABLE.has(chartSpec.type || "") || !sqlText) return;
      const status = el("span", "muted");
      const pin = button("Pin chart to dashboard", async () => {
        pin.disabled = true;
        try {
          await api("/api/runs/" + encodeURIComponent(runId) + "/pin", { method: "POST" });
          status.textContent = "Pinned: it appears on the dataset's dashboard once it is redrawn.";
        } catch (e) {
          pin.disabled = false;
          status.textContent = e.message;
        }
      }, "secondary");
      actions.append(pin, status);
    },
    failed(message) {
      card.classList.add("failed");
      summary.appendChild(el("div", "error", message));
    },
  };
}

function handle(view, type, data) {
  switch (type) {
    case "RunStarted": view.progress("Started: " + data.question); break;
    case "ProgressReported": view.progress(data.stage + ": " + data.message); break;
    case "StageCompleted": view.progress("✓ " + data.stage + (data.provider ? " (" + data.provider + (data.model ? " / " + data.model : "") + ")" : "")); break;
    case "SqlGenerated": view.sql(data.sql); view.progress("SQL written" + (data.attempt > 1 ? " (attempt " + data.attempt + ")" : "") + " against " + data.dataset); break;
    case "ResultProduced": view.result(data.result); view.progress("Result: " + ((data.result && data.result.rows) || []).length + " row(s)"); break;
    case "SummaryDelta": view.delta(data.text); break;
    case "SummaryWritten": view.summary(data.text); break;
    case "ChartDesigned": view.figure(data.figure); if (data.chart) view.progress("Chart: " + data.chart.type); break;
    case "AnswerCompleted":
      view.summary(data.text);
      view.sql(data.sql);
      view.result(data.result);
      view.figure(data.figure);
      view.followUps(data.followUps);
      view.pinnable(data.runId, data.chart, data.sql);
      view.progress("Answered.");
      break;
    case "RunFailed":
      view.progress("Failed: " + data.message);
      view.failed(data.reason === "cancelled" ? "Stopped." : data.message + (data.reason ? " (" + data.reason + ")" : ""));
      break;
    case "resync": view.progress("The run's events have expired; open the conversation to see its answer."); return true;
    default: break;
  }
  return TERMINAL.has(type);
}

// ---- Asking ------------------------------------------------------------------------------------

function setRunning(running) {
  state.running = running;
  $("ask").disabled = running;
  $("stop").disabled = !running;
}

function addQuestion(text) {
  const bubble = el("div", "question", text);
  $("transcript").appendChild(bubble);
}

async function ask() {
  const question = $("question").value.trim();
  if (!question || state.running) return;
  showError("");
  addQuestion(question);
  $("question").value = "";
  const view = answerCard();
  $("transcript").appendChild(view.card);
  view.card.scrollIntoView({ block: "nearest" });
  setRunning(true);
  const body = { question };
  const dataset = selectedDataset();
  if (dataset) body.dataset = dataset.name;
  if (state.conversationId) body.conversationId = state.conversationId;
  let finished = false;
  let lastId = null;
  try {
    const response = await api("/api/questions", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(body),
    });
    state.runId = response.headers.get("X-Run-Id");
    const conversation = response.headers.get("X-Conversation-Id");
    if (conversation && conversation !== state.conversationId) {
      state.conversationId = conversation;
      loadHistory();
    }
    const onEvent = (type, data, id) => {
      if (id) lastId = id;
      finished = handle(view, type, data) || finished;
      return finished;
    };
    await readEvents(response, onEvent).catch(() => null);
    // The stream broke before the run ended: resume after the last event seen, a few times, backing off.
    for (let attempt = 0; !finished && state.runId && attempt < 5; attempt++) {
      view.progress("Stream interrupted, resuming…");
      await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
      try {
        const resumed = await api("/api/runs/" + encodeURIComponent(state.runId) + "/events", {
          headers: Object.assign({ Accept: "text/event-stream" }, lastId ? { "Last-Event-ID": lastId } : {}),
        });
        await readEvents(resumed, onEvent);
      } catch (e) {
        if (e.status === 404) break;
      }
    }
    if (!finished) view.failed("Lost the answer's stream; open the conversation later to see it.");
  } catch (e) {
    view.failed(e.message);
    showError(e.message);
  } finally {
    setRunning(false);
  }
}

async function stop() {
  if (!state.runId || !state.running) return;
  $("stop").disabled = true;
  // The stream ends by itself with RunFailed (reason cancelled) once the agent has stopped.
  const response = await request("/api/runs/" + encodeURIComponent(state.runId) + "/cancel", { method: "POST" });
  if (!response.ok && response.status !== 409) showError("Could not stop the run (HTTP " + response.status + ").");
}

function newConversation() {
  state.conversationId = null;
  purgeCharts($("transcript"));
  $("transcript").replaceChildren();
  markCurrent();
  $("question").focus();
}

// ---- History -----------------------------------------------------------------------------------

function markCurrent() {
  for (const item of $("history").querySelectorAll("li")) {
    const current = item.dataset.id === state.conversationId;
    item.classList.toggle("current", current);
    const open = item.querySelector("button.open");
    if (open) open.setAttribute("aria-current", current ? "true" : "false");
  }
}

export async function loadHistory() {
  const list = $("history");
  try {
    const page = await getJson("/api/conversations?size=50");
    list.replaceChildren();
    for (const conversation of page.items || []) list.appendChild(historyItem(conversation));
    if (!(page.items || []).length) list.appendChild(el("li", "muted", "No conversations yet."));
    markCurrent();
  } catch (e) {
    list.replaceChildren(el("li", "muted", e.message));
  }
}

function historyItem(conversation) {
  const item = el("li");
  item.dataset.id = conversation.id;
  const title = conversation.title || "Untitled";
  const open = button(title, () => openConversation(conversation.id), "link open");
  open.title = "Opened " + new Date(conversation.updatedAt || conversation.createdAt).toLocaleString();
  const rename = button("Rename", () => renameForm(item, conversation), "secondary small");
  rename.setAttribute("aria-label", "Rename " + title);
  const remove = button("Delete", async () => {
    if (!window.confirm("Delete the conversation “" + title + "” and its answers?")) return;
    try {
      await api("/api/conversations/" + encodeURIComponent(conversation.id), { method: "DELETE" });
      if (state.conversationId === conversation.id) newConversation();
      loadHistory();
    } catch (e) {
      showError(e.message);
    }
  }, "secondary small danger");
  remove.setAttribute("aria-label", "Delete " + title);
  const actions = el("span", "actions");
  actions.append(rename, remove);
  item.append(open, actions);
  return item;
}

function renameForm(item, conversation) {
  const form = el("form", "rename");
  const label = el("label", "visually-hidden", "New title");
  const input = el("input");
  input.id = "rename-" + conversation.id;
  label.htmlFor = input.id;
  input.value = conversation.title || "";
  input.maxLength = 200;
  input.required = true;
  const save = el("button", "small", "Save");
  save.type = "submit";
  const cancel = button("Cancel", () => loadHistory(), "secondary small");
  form.append(label, input, save, cancel);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await sendJson("/api/conversations/" + encodeURIComponent(conversation.id), "PATCH", { title: input.value.trim() });
      loadHistory();
    } catch (e) {
      showError(e.message);
    }
  });
  form.addEventListener("keydown", (event) => { if (event.key === "Escape") loadHistory(); });
  item.replaceChildren(form);
  input.focus();
  input.select();
}

async function openConversation(id) {
  if (state.running) return;
  showError("");
  try {
    const messages = await getJson("/api/conversations/" + encodeURIComponent(id) + "/messages");
    state.conversationId = id;
    purgeCharts($("transcript"));
    $("transcript").replaceChildren();
    for (const message of messages) {
      if (message.role === "user") {
        addQuestion(message.content);
        continue;
      }
      const view = answerCard();
      $("transcript").appendChild(view.card);
      const metadata = message.metadata || {};
      view.summary(message.content);
      view.sql(metadata.sql);
      view.result(metadata.result);
      view.figure(metadata.figure);
      view.followUps(metadata.followUps);
      view.pinnable(message.runId, metadata.chart, metadata.sql);
      if (metadata.partial) view.progress("Stopped before it finished.");
    }
    markCurrent();
    $("question").focus();
  } catch (e) {
    showError(e.message);
  }
}

export function initChat() {
  $("ask-form").addEventListener("submit", (event) => { event.preventDefault(); ask(); });
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); ask(); }
  });
  $("stop").addEventListener("click", stop);
  $("new-conversation").addEventListener("click", newConversation);
  setRunning(false);
}
