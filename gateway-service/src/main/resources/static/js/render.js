// Small DOM helpers. Everything from the server is set as text, never as HTML.

export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function button(label, onClick, className) {
  const node = el("button", className, label);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

export function cellText(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "object") return JSON.stringify(value);
  // Fractions are rounded for reading (an average's 5457474.72361809 shows as 5457474.72, a p-value keeps
  // four significant digits); whole numbers stay as they are, ungrouped, so ids and years read right. The
  // exact value is the cell's title.
  if (typeof value === "number" && !Number.isInteger(value)) {
    return Math.abs(value) >= 1 ? String(Number(value.toFixed(2))) : String(Number(value.toPrecision(4)));
  }
  return String(value);
}

/** A result table ({columns, rows}) or a list of objects as an HTML table of at most limit rows. */
export function table(data, limit = 50) {
  const wrap = el("div", "table-wrap");
  const element = el("table");
  let columns;
  let rows;
  if (Array.isArray(data)) {
    columns = data.length ? Object.keys(data[0]) : [];
    rows = data.map((item) => columns.map((column) => item[column]));
  } else {
    columns = (data.columns || []).map((column) => (typeof column === "string" ? column : column.name));
    rows = data.rows || [];
  }
  const head = element.createTHead().insertRow();
  for (const column of columns) {
    const th = el("th", null, column);
    th.scope = "col";
    head.appendChild(th);
  }
  const body = element.createTBody();
  for (const row of rows.slice(0, limit)) {
    const tr = body.insertRow();
    for (const value of row) {
      const text = cellText(value);
      const cell = el("td", text === null ? "null" : typeof value === "number" ? "num" : null, text === null ? "null" : text);
      if (typeof value === "number" && text !== String(value)) cell.title = String(value);
      tr.appendChild(cell);
    }
  }
  wrap.appendChild(element);
  if (rows.length > limit) wrap.appendChild(el("div", "muted", "First " + limit + " of " + rows.length + " rows"));
  return wrap;
}

/** Draws a Plotly figure ({data, layout}) into target; says so when plotly.js did not load. */
export function plot(target, figure) {
  if (!window.Plotly) {
    target.replaceChildren(el("div", "muted", "The chart library (plotly.js, served by the gateway) could not be loaded."));
    return;
  }
  const layout = Object.assign({ autosize: true, margin: { t: 40, r: 20, b: 50, l: 60 } }, figure.layout || {});
  window.Plotly.newPlot(target, figure.data || [], layout, { responsive: true, displaylogo: false });
}

export function purgeCharts(container) {
  if (!window.Plotly) return;
  for (const chart of container.querySelectorAll(".js-plotly-plot")) window.Plotly.purge(chart);
}

const errorBox = () => $("error");

export function showError(message) {
  const box = errorBox();
  box.textContent = message || "";
  box.classList.toggle("hidden", !message);
}

export const formatNumber = (value) => (typeof value === "number" ? value.toLocaleString("en-US") : cellText(value) ?? "–");
