// Credentials and calls to the gateway. The access token lives in sessionStorage only (gone with the tab), and an
// expired one is renewed with the refresh token the first time a call is answered 401.

const STORE = "analyst.auth";

let auth = JSON.parse(sessionStorage.getItem(STORE) || "null");
let refreshing = null;
const signedOutListeners = [];

function save(next) {
  auth = next;
  if (next) sessionStorage.setItem(STORE, JSON.stringify(next));
  else sessionStorage.removeItem(STORE);
}

export const signedIn = () => Boolean(auth);
export const onSignedOut = (listener) => signedOutListeners.push(listener);

function credential() {
  if (!auth) return null;
  return auth.apiKey || auth.accessToken;
}

export function authHeaders(extra) {
  const token = credential();
  return Object.assign(token ? { Authorization: "Bearer " + token } : {}, extra || {});
}

/** An RFC 9457 problem detail (or any failed response) as one readable line. */
export async function problemText(response) {
  try {
    const problem = await response.json();
    const title = problem.title || response.statusText || "Error";
    return problem.detail ? title + ": " + problem.detail : title;
  } catch (e) {
    return "HTTP " + response.status + " " + (response.statusText || "");
  }
}

async function failure(response) {
  const error = new Error(await problemText(response));
  error.status = response.status;
  return error;
}

async function tokens(path, body) {
  const response = await fetch(path, {
    method: "POST",
    cache: "no-store",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  const answer = await response.json();
  save({ accessToken: answer.accessToken, refreshToken: answer.refreshToken });
  return answer;
}

export const signIn = (email, password) => tokens("/api/auth/token", { email, password });
export const register = (email, password) => tokens("/api/auth/register", { email, password });

export function useApiKey(key) {
  save({ apiKey: key });
}

export async function signOut() {
  const current = auth;
  save(null);
  if (current && current.refreshToken) {
    // Revokes the sign-in's refresh tokens; the page forgets them either way.
    fetch("/api/auth/logout", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer " + current.accessToken },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    }).catch(() => {});
  }
  for (const listener of signedOutListeners) listener();
}

/** One refresh at a time: calls that fail together wait for the same new token (a refresh token works once). */
function refresh() {
  if (!auth || !auth.refreshToken) return Promise.resolve(false);
  if (!refreshing) {
    const used = auth.refreshToken;
    refreshing = tokens("/api/auth/refresh", { refreshToken: used })
      .then(() => true, () => false)
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

/**
 * Sends a request with the current credential; on 401 renews the access token once and sends it again. A
 * credential that cannot be renewed signs the page out. Answers the response, or throws one with the problem.
 */
export async function request(path, options) {
  const send = () => fetch(path, Object.assign({ cache: "no-store" }, options, { headers: authHeaders((options || {}).headers) }));
  let response = await send();
  if (response.status === 401 && auth) {
    if (await refresh()) response = await send();
    if (response.status === 401) {
      await signOut();
      throw await failure(response);
    }
  }
  return response;
}

export async function api(path, options) {
  const response = await request(path, options);
  if (!response.ok) throw await failure(response);
  return response;
}

export const getJson = async (path) => (await api(path)).json();

export const sendJson = async (path, method, body) =>
  api(path, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

/**
 * Uploads a form with XMLHttpRequest, the one browser API that reports the bytes sent of a request body.
 * Answers {status, body}; renews the token and retries once on 401, like request().
 */
export function upload(path, form, onProgress) {
  const attempt = () => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    for (const [name, value] of Object.entries(authHeaders({ Prefer: "respond-async" }))) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener("load", () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      resolve({ status: xhr.status, body });
    });
    xhr.addEventListener("error", () => reject(new Error("The upload failed: the gateway could not be reached.")));
    xhr.addEventListener("abort", () => reject(new Error("The upload was cancelled.")));
    xhr.send(form);
  });
  return attempt().then(async (answer) => {
    if (answer.status === 401 && auth && (await refresh())) return attempt();
    return answer;
  });
}
