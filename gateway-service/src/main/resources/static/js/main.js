// The page's entry point: signing in, the tabs, and wiring the views together.
import { signedIn, signIn, register, useApiKey, signOut, onSignedOut, getJson } from "./api.js";
import { $, showError } from "./render.js";
import { initDatasets, loadDatasets, onDatasetsChanged } from "./datasets.js";
import { initChat, loadHistory } from "./chat.js";
import { initDashboard, loadDashboard } from "./dashboard.js";
import { initAdmin } from "./admin.js";

const TABS = ["ask", "data", "dashboard", "admin"];
let currentTab = "ask";

function selectTab(name, focus) {
  currentTab = name;
  for (const tab of TABS) {
    const trigger = $("tab-" + tab);
    trigger.setAttribute("aria-selected", String(tab === name));
    trigger.tabIndex = tab === name ? 0 : -1;
    $(tab + "-view").classList.toggle("hidden", tab !== name);
  }
  if (focus) $("tab-" + name).focus();
  if (name === "dashboard") loadDashboard();
}

/** Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects. */
function tabKeys(event) {
  const index = TABS.indexOf(currentTab);
  const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -index, End: TABS.length - 1 - index };
  if (!(event.key in moves)) return;
  event.preventDefault();
  selectTab(TABS[(index + moves[event.key] + TABS.length) % TABS.length], true);
}

async function enter() {
  $("signin-view").classList.add("hidden");
  $("app").classList.remove("hidden");
  showError("");
  try {
    const me = await getJson("/api/auth/me");
    // Ids are long: the header says who in a word and keeps the ids for the tooltip.
    $("who").textContent = me.role ? "Signed in as " + me.role : "Signed in";
    $("who").title = "user " + me.userId + ", workspace " + me.workspaceId;
  } catch (e) {
    $("who").textContent = "";
  }
  if (!signedIn()) return;
  await Promise.all([loadDatasets(), loadHistory()]);
}

function leave() {
  $("app").classList.add("hidden");
  $("signin-view").classList.remove("hidden");
  $("signin-status").textContent = "Signed out.";
  $("email").focus();
}

function initSignIn() {
  const status = $("signin-status");
  const withPassword = (action) => async (event) => {
    event.preventDefault();
    const email = $("email").value.trim();
    const password = $("password").value;
    if (!email || !password) { status.textContent = "Enter your email and password."; return; }
    status.textContent = "Signing in…";
    try {
      await action(email, password);
      $("password").value = "";
      status.textContent = "";
      await enter();
    } catch (e) {
      status.textContent = e.message;
    }
  };
  $("signin-form").addEventListener("submit", withPassword(signIn));
  $("register").addEventListener("click", withPassword(register));
  $("key-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = $("api-key").value.trim();
    if (!key) { status.textContent = "Enter an API key."; return; }
    useApiKey(key);
    $("api-key").value = "";
    status.textContent = "";
    await enter();
  });
  $("signout").addEventListener("click", signOut);
  onSignedOut(leave);
}

initSignIn();
initDatasets();
initChat();
initDashboard();
initAdmin();
for (const tab of TABS) {
  $("tab-" + tab).addEventListener("click", () => selectTab(tab));
  $("tab-" + tab).addEventListener("keydown", tabKeys);
}
onDatasetsChanged(() => { if (currentTab === "dashboard") loadDashboard(); });
selectTab("ask");
if (signedIn()) enter();
else $("email").focus();
