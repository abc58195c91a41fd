// The dataset's dashboard on its 12-column grid, and redrawing it on request.
import { api, authHeaders, problemText } from "./api.js";
import { $, el, table, plot, purgeCharts, showError, formatNumber } from "./render.js";
import { selectedDataset } from "./datasets.js";

const state = { tag: null, text: null };

function renderTile(tile) {
  const box = el("section", "tile");
  const grid = tile.grid || {};
  if (Number.isInteger(grid.x) && Number.isInteger(grid.width)) box.style.setProperty("--col", (grid.x + 1) + " / span " + Math.max(1, Math.min(12, grid.width)));
  if (Number.isInteger(grid.y) && Number.isInteger(grid.height)) box.style.setProperty("--row", (grid.y + 1) + " / span " + Math.max(1, grid.height));
  const title = el("h3", null, tile.title || "");
  if (tile.sql) title.title = tile.sql;
  if (tile.pinned) title.appendChild(el("span", "pin", " · pinned"));
  box.appendChild(title);
  if (tile.problem) {
    box.appendChild(el("div", "muted", tile.problem));
    return box;
  }
  if (tile.kind === "KpiTile") {
    box.appendChild(el("div", "kpi", formatNumber(tile.value)));
  } else if (tile.kind === "ChartTile") {
    if (tile.figure) {
      const chart = el("div", "chart");
      box.appendChild(chart);
      if (tile.figure.sampling) box.appendChild(el("div", "muted", tile.figure.sampling));
      // Drawn once the tile is in the page, so Plotly can measure its box.
      box.plotLater = () => plot(chart, tile.figure);
    } else {
      box.appendChild(el("div", "muted", "This chart could not be drawn."));
    }
  } else if (tile.kind === "TableTile" && tile.table) {
    box.appendChild(table(tile.table, 50));
  }
  return box;
}

async function fetchDashboard(datasetId) {
  const response = await fetch("/api/datasets/" + encodeURIComponent(datasetId) + "/dashboard", { cache: "no-store", headers: authHeaders() });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(await problemText(response));
  const text = await response.text();
  return { tag: response.headers.get("ETag"), modified: response.headers.get("Last-Modified"), text, dashboard: JSON.parse(text) };
}

function showDashboard(found) {
  const target = $("dashboard");
  purgeCharts(target);
  target.replaceChildren();
  state.tag = found ? found.tag : null;
  state.text = found ? found.text : null;
  if (!found) {
    $("dashboard-title").textContent = "No dashboard yet";
    $("dashboard-meta").textContent = "";
    return;
  }
  const dashboard = found.dashboard;
  $("dashboard-title").textContent = dashboard.title || "Dashboard";
  $("dashboard-meta").textContent = "version " + dashboard.datasetVersion + (found.modified ? " · drawn " + new Date(found.modified).toLocaleString() : "");
  const tiles = (dashboard.tiles || []).map(renderTile);
  for (const tile of tiles) target.appendChild(tile);
  for (const tile of tiles) if (tile.plotLater) tile.plotLater();
}

export async function loadDashboard() {
  const dataset = selectedDataset();
  $("dashboard-status").textContent = "";
  if (!dataset) {
    showDashboard(null);
    $("dashboard-title").textContent = "Pick a dataset to see its dashboard";
    return;
  }
  try {
    showDashboard(await fetchDashboard(dataset.id));
  } catch (e) {
    showError(e.message);
  }
}

async function regenerate() {
  const dataset = selectedDataset();
  if (!dataset) return;
  const trigger = $("regenerate");
  trigger.disabled = true;
  const before = { tag: state.tag, text: state.text };
  try {
    await api("/api/datasets/" + encodeURIComponent(dataset.id) + "/dashboard/regenerate", { method: "POST" });
    $("dashboard-status").textContent = "Regenerating…";
    // The redrawing is asynchronous (execution-service publishes it); a new ETag says it has landed.
    const deadline = Date.now() + 120000;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const found = await fetchDashboard(dataset.id);
      const changed = found && (before.tag ? found.tag !== before.tag : found.text !== before.text);
      if (changed) {
        showDashboard(found);
        $("dashboard-status").textContent = "Regenerated.";
        return;
      }
    }
    $("dashboard-status").textContent = "Still regenerating; press Refresh in a while.";
  } catch (e) {
    $("dashboard-status").textContent = "";
    showError(e.message);
  } finally {
    trigger.disabled = false;
  }
}

export function initDashboard() {
  $("refresh-dashboard").addEventListener("click", loadDashboard);
  $("regenerate").addEventListener("click", regenerate);
}
