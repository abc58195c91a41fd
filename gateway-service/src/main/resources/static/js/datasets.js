// Datasets: the list, each one's profile, and uploads with a progress bar (bytes sent, then the load's progress).
import { api, getJson, upload } from "./api.js";
import { readEvents } from "./sse.js";
import { $, el, button, table, showError, formatNumber } from "./render.js";

const listeners = [];
export const onDatasetsChanged = (listener) => listeners.push(listener);

/** The dataset picked in the header, or null for "any". */
export function selectedDataset() {
  const option = $("dataset").selectedOptions[0];
  return option && option.value ? { id: option.value, name: option.dataset.name } : null;
}

export async function loadDatasets(select) {
  const picker = $("dataset");
  const previous = select || picker.value || sessionStorage.getItem("analyst.dataset") || "";
  try {
    const datasets = await getJson("/api/datasets");
    picker.replaceChildren(new Option("(any)", ""));
    for (const dataset of datasets) {
      const option = new Option(dataset.name + (dataset.status && dataset.status !== "ready" ? " (" + dataset.status + ")" : ""), dataset.id);
      option.dataset.name = dataset.name;
      picker.add(option);
    }
    if ([...picker.options].some((option) => option.value === previous)) picker.value = previous;
    sessionStorage.setItem("analyst.dataset", picker.value);
    renderList(datasets);
    for (const listener of listeners) listener();
  } catch (e) {
    showError("Could not list datasets. " + e.message);
  }
}

function renderList(datasets) {
  const body = $("dataset-list");
  body.replaceChildren();
  if (!datasets.length) {
    body.appendChild(el("p", "muted", "No datasets yet: upload a file above."));
    return;
  }
  const list = el("table");
  const head = list.createTHead().insertRow();
  for (const title of ["Name", "Kind", "Version", "Status", "Rows", ""]) {
    const th = el("th", null, title);
    th.scope = "col";
    head.appendChild(th);
  }
  const rows = list.createTBody();
  for (const dataset of datasets) {
    const row = rows.insertRow();
    row.appendChild(el("td", null, dataset.name));
    row.appendChild(el("td", null, dataset.kind || ""));
    row.appendChild(el("td", "num", dataset.version ?? ""));
    row.appendChild(el("td", null, dataset.status || ""));
    row.appendChild(el("td", "num", dataset.rowCount === undefined ? "" : formatNumber(dataset.rowCount)));
    const actions = el("td");
    const show = button("Profile", () => showProfile(dataset), "secondary small");
    show.setAttribute("aria-label", "Show the profile of " + dataset.name);
    actions.appendChild(show);
    row.appendChild(actions);
  }
  const wrap = el("div", "table-wrap");
  wrap.appendChild(list);
  body.appendChild(wrap);
}

/** A column's profile (statistics the ingestion computed) as short "name: value" pairs. */
function profileSummary(column) {
  const parts = [];
  const profile = column.profile || {};
  for (const [key, value] of Object.entries(profile)) {
    if (value === null || typeof value === "object") continue;
    parts.push(key + ": " + (typeof value === "number" ? formatNumber(Math.round(value * 100) / 100) : value));
  }
  if (Array.isArray(column.topValues) && column.topValues.length) {
    parts.push("top: " + column.topValues.slice(0, 5).map((top) => (typeof top === "object" ? top.value ?? JSON.stringify(top) : top)).join(", "));
  }
  return parts.join(" · ");
}

async function showProfile(dataset) {
  const panel = $("profile");
  panel.classList.remove("hidden");
  $("profile-title").textContent = "Profile of " + dataset.name;
  const body = $("profile-body");
  body.replaceChildren(el("p", "muted", "Loading…"));
  try {
    const profile = await getJson("/api/datasets/" + encodeURIComponent(dataset.id) + "/profile");
    body.replaceChildren();
    for (const tableProfile of profile.tables || []) {
      body.appendChild(el("h3", null, (tableProfile.label || tableProfile.name) + " · " + formatNumber(tableProfile.rowCount) + " rows"));
      body.appendChild(table((tableProfile.columns || []).map((column) => ({
        column: column.label || column.name,
        type: column.type,
        nullable: column.nullable ? "yes" : "no",
        profile: profileSummary(column),
      })), 500));
      const findings = (tableProfile.profile && tableProfile.profile.findings) || [];
      if (findings.length) {
        const list = el("ul", "findings");
        for (const finding of findings) list.appendChild(el("li", null, typeof finding === "string" ? finding : finding.message || JSON.stringify(finding)));
        body.appendChild(list);
      }
    }
    $("profile-title").focus();
  } catch (e) {
    body.replaceChildren(el("p", "error", e.message));
  }
}

// ---- Upload ------------------------------------------------------------------------------------

function setProgress(label, fraction) {
  const bar = $("upload-progress");
  bar.classList.remove("hidden");
  if (fraction === null) bar.removeAttribute("value");
  else bar.value = Math.max(0, Math.min(1, fraction));
  $("upload-status").textContent = label;
}

const megabytes = (bytes) => (bytes / 1048576).toFixed(1) + " MB";

/** Follows the load's SSE stream until it is done or failed; resumes after the last event if the stream drops. */
async function followLoad(id) {
  let lastId = null;
  let outcome = null;
  for (let attempt = 0; !outcome && attempt < 5; attempt++) {
    const response = await api("/api/datasets/" + encodeURIComponent(id) + "/events", {
      headers: Object.assign({ Accept: "text/event-stream" }, lastId ? { "Last-Event-ID": lastId } : {}),
    });
    await readEvents(response, (type, data, id) => {
      if (id) lastId = id;
      if (type === "DatasetFailed") {
        outcome = { failed: data.message || "The file could not be loaded." };
        return true;
      }
      if (type !== "IngestionProgressed") return false;
      const total = data.totalBytes || 0;
      switch (data.phase) {
        case "upload": setProgress("Received " + megabytes(data.bytesRead || 0) + (total ? " of " + megabytes(total) : ""), total ? data.bytesRead / total * 0.3 : null); break;
        case "load": setProgress("Loading: " + formatNumber(data.rowsLoaded || 0) + " rows", total ? 0.3 + 0.6 * (data.bytesRead || 0) / total : null); break;
        case "profile": setProgress("Profiling " + formatNumber(data.rowsLoaded || 0) + " rows…", 0.95); break;
        case "done": outcome = { rows: data.rowsLoaded }; return true;
        default: break;
      }
      return false;
    }).catch(() => null);
    // A stream that ends without a terminal event either dropped or found the load already over: ask for the status.
    if (!outcome) {
      const status = await getJson("/api/datasets/" + encodeURIComponent(id) + "/status");
      if (status.status === "ready") outcome = { rows: status.rowsLoaded };
      else if (status.status === "failed") outcome = { failed: status.message || "The file could not be loaded." };
    }
  }
  return outcome || { failed: "Lost track of the load; check the list in a while." };
}

async function submitUpload(event) {
  event.preventDefault();
  const file = $("upload-file").files[0];
  if (!file) { $("upload-status").textContent = "Choose a file first."; return; }
  const form = new FormData();
  const name = $("upload-name").value.trim();
  // The name goes first: ingestion names the dataset from the parts that arrive before the file's end.
  if (name) form.append("name", name);
  form.append("file", file);
  const submit = $("upload-submit");
  submit.disabled = true;
  showError("");
  try {
    setProgress("Sending " + megabytes(file.size) + "…", 0);
    const answer = await upload("/api/datasets", form, (sent, total) => setProgress("Sent " + megabytes(sent) + " of " + megabytes(total), sent / total * 0.3));
    if (answer.status >= 400 || !answer.body) {
      const problem = answer.body || {};
      throw new Error((problem.title || "Upload refused (HTTP " + answer.status + ")") + (problem.detail ? ": " + problem.detail : ""));
    }
    const dataset = answer.body;
    // 202: the file is on disk and loads in the background; 201: it was loaded (or unchanged) already.
    const outcome = answer.status === 202 ? await followLoad(dataset.id) : { rows: dataset.rowCount };
    if (outcome.failed) {
      setProgress("Failed: " + outcome.failed, 0);
      showError(outcome.failed);
    } else {
      setProgress("Ready: " + dataset.name + (outcome.rows !== undefined ? ", " + formatNumber(outcome.rows) + " rows" : ""), 1);
      $("upload-progress").dataset.done = "true";
      await loadDatasets(dataset.id);
    }
  } catch (e) {
    setProgress(e.message, 0);
    showError(e.message);
  } finally {
    submit.disabled = false;
  }
}

export function initDatasets() {
  $("upload-form").addEventListener("submit", submitUpload);
  $("upload-file").addEventListener("change", () => { delete $("upload-progress").dataset.done; });
  $("reload").addEventListener("click", () => loadDatasets());
  $("dataset").addEventListener("change", () => {
    sessionStorage.setItem("analyst.dataset", $("dataset").value);
    for (const listener of listeners) listener();
  });
}
