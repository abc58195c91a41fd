// Cost and usage for administrators, from analytics-service through the gateway's /admin/analytics. The admin
// key is a different credential from the user's: it is kept in this module only, never stored.
import { $, el, table, plot, purgeCharts, formatNumber } from "./render.js";
import { problemText } from "./api.js";

let adminKey = "";

async function report(path, query) {
  const search = new URLSearchParams(Object.entries(query || {}).filter(([, value]) => value));
  const response = await fetch("/admin/analytics/" + path + (search.size ? "?" + search : ""), {
    cache: "no-store",
    headers: { Authorization: "Bearer " + adminKey, Accept: "application/json" },
  });
  if (!response.ok) throw new Error(await problemText(response));
  return response.json();
}

const millis = (value) => (value === null || value === undefined ? null : Math.round(value * 10) / 10);
const usd = (value) => "$" + (Number(value) || 0).toFixed(4);

function costChart(target, rows, type, title) {
  const figure = {
    data: [{ type, x: rows.map((row) => row.group), y: rows.map((row) => Number(row.costUsd) || 0), name: "Cost (US$)",
      hovertemplate: "%{x}: $%{y:.4f}<extra></extra>" }],
    layout: { title: { text: title }, yaxis: { title: { text: "US$" }, tickformat: "$.4f" }, xaxis: { type: "category", automargin: true } },
  };
  plot(target, figure);
}

async function load(event) {
  event.preventDefault();
  adminKey = $("admin-key").value.trim();
  const status = $("admin-status");
  const output = $("admin-output");
  if (!adminKey) { status.textContent = "Enter the admin key (ANALYST_ADMIN_KEY)."; return; }
  const range = { from: $("admin-from").value, to: $("admin-to").value };
  status.textContent = "Loading…";
  try {
    const [summary, byDay, byModel, projection, models, activity] = await Promise.all([
      report("usage/summary", range),
      report("cost", Object.assign({ groupBy: "day" }, range)),
      report("cost", Object.assign({ groupBy: "model" }, range)),
      report("cost/projection"),
      report("models", range),
      report("users/activity", range),
    ]);
    purgeCharts(output);
    output.classList.remove("hidden");
    $("admin-summary").replaceChildren(
      kpi("Model calls", formatNumber(summary.calls)),
      kpi("Cost", usd(summary.costUsd)),
      kpi("Input tokens", formatNumber(summary.inputTokens)),
      kpi("Output tokens", formatNumber(summary.outputTokens)),
      kpi("Month to date", usd(projection.monthToDateCostUsd)),
      kpi("Projected month", usd(projection.projectedMonthCostUsd)),
    );
    costChart($("admin-cost-day"), byDay, "bar", "Cost by day");
    costChart($("admin-cost-model"), byModel, "bar", "Cost by model");
    $("admin-models").replaceChildren(table(models.map((row) => ({
      provider: row.provider, model: row.model, calls: row.calls, errors: row.errors,
      "p50 ms": millis(row.latencyP50Millis), "p95 ms": millis(row.latencyP95Millis), "cost US$": row.costUsd,
    })), 100));
    $("admin-activity").replaceChildren(table(activity, 400));
    status.textContent = "";
  } catch (e) {
    output.classList.add("hidden");
    status.textContent = e.message;
  }
}

function kpi(label, value) {
  const box = el("div", "kpi-box");
  box.append(el("div", "muted", label), el("div", "kpi", value));
  return box;
}

export function initAdmin() {
  $("admin-form").addEventListener("submit", load);
}
