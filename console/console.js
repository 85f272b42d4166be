// The OpenKV web console: a page over the admin API (docs/OPERATIONS.md,
// "Console and data API"). State lives in the URL hash (#db=…&prefix=…&key=…)
// so every view is a link; the admin token lives in sessionStorage.
import {
  EDITORS, EMPTY_NOTATION, editorOf, editorText, keyFromText, keyLabel, keyToText,
  nodeFromEditor, partLabel, preview,
} from "/console/notation.js";

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = "openkv.console.token";
// Import requests stay below the server's 2 MiB body limit.
const IMPORT_CHUNK_BYTES = 1 << 20;

const state = {
  db: "",
  page: { cursors: [""], index: 0, next: null },  // cursors[i] opens page i
  entries: [],
  editing: null,  // {key, versionstamp} of the entry in the editor, or {key:null} for a new one
  watched: [],    // keys (notation)
  watchAbort: null,
};

// ---- the API ----

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(method, path, { query, body, raw, signal } = {}) {
  const url = new URL(`/admin/v1${path}`, location.origin);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, typeof v === "string" ? v : JSON.stringify(v));
  }
  const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ""}` };
  const init = { method, headers, signal };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers["Content-Type"] = "application/json";
  } else if (raw !== undefined) {
    init.body = raw;
  }
  const response = await fetch(url, init);
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const j = await response.clone().json();
      if (j.error) message = j.error;
    } catch {
      message = (await response.text()) || message;
    }
    if (response.status === 401 || response.status === 403) signOut(message);
    throw new ApiError(response.status, message);
  }
  return response;
}

const dbPath = (suffix) => `/databases/${encodeURIComponent(state.db)}${suffix}`;
const json = async (p) => (await p).json();

function status(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

// ---- sign in ----

function signOut(message = "") {
  sessionStorage.removeItem(TOKEN_KEY);
  stopWatch();
  $("app").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message;
}

async function signIn() {
  const { databases } = await json(api("GET", "/databases"));
  $("login").hidden = true;
  $("app").hidden = false;
  const select = $("database");
  select.replaceChildren(...databases.map((d) => new Option(`${d.name}${d.served ? "" : " (not served)"}`, d.name)));
  const wanted = hashParams().get("db");
  state.db = databases.some((d) => d.name === wanted) ? wanted : (databases[0]?.name ?? "");
  select.value = state.db;
  if (!state.db) return status("No databases yet: make one with `openkv db create`.");
  await openFromHash();
}

// ---- deep links ----

function hashParams() {
  return new URLSearchParams(location.hash.slice(1));
}

function writeHash(extra = {}) {
  const p = new URLSearchParams();
  p.set("db", state.db);
  const prefix = $("f-prefix").value.trim();
  if (prefix) p.set("prefix", prefix);
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  history.replaceState(null, "", `#${p}`);
}

async function openFromHash() {
  const p = hashParams();
  $("f-prefix").value = p.get("prefix") ?? "";
  await Promise.all([loadTree(), listFirstPage()]);
  const key = p.get("key");
  if (key) await openEntry(keyFromText(key));
}

// ---- tree of prefixes with counts ----

async function loadTree() {
  $("tree").replaceChildren(await treeLevel([]));
}

async function treeLevel(prefix) {
  const { children, truncated } = await json(api("GET", dbPath("/children"), { query: { prefix } }));
  const ul = document.createElement("ul");
  ul.className = "tree";
  if (prefix.length === 0) {
    const root = document.createElement("li");
    root.className = "root";
    root.append(treeButton("(all keys)", [], null));
    ul.append(root);
  }
  for (const child of children) {
    const path = [...prefix, child.part];
    const li = document.createElement("li");
    li.dataset.key = keyToText(path);
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "toggle";
    toggle.textContent = "▸";
    toggle.setAttribute("aria-label", "expand");
    // An entry alone at a leaf has nothing to expand.
    toggle.hidden = child.count === 1 && child.hasValue;
    toggle.addEventListener("click", async () => {
      if (li.querySelector(":scope > ul")) {
        li.querySelector(":scope > ul").remove();
        toggle.textContent = "▸";
      } else {
        li.append(await treeLevel(path));
        toggle.textContent = "▾";
      }
    });
    li.append(toggle, treeButton(partLabel(child.part), path, child));
    ul.append(li);
  }
  if (truncated) {
    const li = document.createElement("li");
    li.className = "hint";
    li.textContent = "(counted the first 100000 entries only)";
    ul.append(li);
  }
  return ul;
}

function treeButton(label, path, child) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "node";
  b.textContent = label;
  if (child) {
    const count = document.createElement("span");
    count.className = "count";
    count.textContent = child.count;
    b.append(" ", count);
  }
  b.addEventListener("click", async () => {
    $("f-prefix").value = path.length ? keyToText(path) : "";
    $("f-start").value = $("f-end").value = "";
    await listFirstPage();
    if (child?.hasValue) await openEntry(path);
  });
  return b;
}

// ---- listing with filters and cursor pages ----

function selection() {
  const q = {};
  for (const name of ["prefix", "start", "end"]) {
    const text = $(`f-${name}`).value.trim();
    if (text) q[name] = keyFromText(text);
  }
  if ($("f-reverse").checked) q.reverse = "true";
  return q;
}

async function listFirstPage() {
  state.page = { cursors: [""], index: 0, next: null };
  await listPage();
}

async function listPage() {
  let query;
  try {
    query = { ...selection(), limit: $("f-limit").value || "50", cursor: state.page.cursors[state.page.index] };
  } catch (e) {
    return status(e.message, true);
  }
  writeHash();
  try {
    const { entries, cursor } = await json(api("GET", dbPath("/entries"), { query }));
    state.entries = entries;
    state.page.next = cursor;
    renderEntries();
    status(`${entries.length} entries`);
  } catch (e) {
    status(e.message, true);
  }
}

function renderEntries() {
  const rows = state.entries.map((e, i) => {
    const tr = document.createElement("tr");
    tr.dataset.key = keyToText(e.key);
    const box = document.createElement("input");
    box.type = "checkbox";
    box.dataset.index = i;
    box.setAttribute("aria-label", `select ${keyLabel(e.key)}`);
    box.addEventListener("change", updateSelection);
    const cells = [box, keyLabel(e.key), e.value?.type ?? "–", e.error ? `(${e.error})` : preview(e.value), e.versionstamp];
    for (const c of cells) {
      const td = document.createElement("td");
      td.append(c);
      tr.append(td);
    }
    tr.children[1].className = "key";
    tr.children[3].className = "value";
    tr.addEventListener("click", (ev) => {
      if (ev.target !== box) openEntry(e.key);
    });
    return tr;
  });
  $("entries").tBodies[0].replaceChildren(...rows);
  $("select-all").checked = false;
  updateSelection();
  $("prev-page").disabled = state.page.index === 0;
  $("next-page").disabled = !state.page.next;
  $("page-info").textContent = `page ${state.page.index + 1}`;
}

function selectedKeys() {
  return [...$("entries").querySelectorAll("tbody input:checked")].map((b) => state.entries[b.dataset.index].key);
}

function updateSelection() {
  const n = selectedKeys().length;
  $("delete-selected").disabled = n === 0;
  $("delete-selected").textContent = n ? `Delete selected (${n})` : "Delete selected";
}

// ---- the editor ----

function setEditorType(type, node) {
  $("e-type").value = type;
  const box = $("e-value-box");
  const kind = EDITORS[type].input;
  let input;
  if (kind === "textarea" || kind === "notation") {
    input = document.createElement("textarea");
    input.rows = kind === "notation" ? 10 : 4;
  } else if (kind === "boolean") {
    input = document.createElement("select");
    input.append(new Option("true"), new Option("false"));
  } else if (kind === "text") {
    input = document.createElement("input");
  }
  if (input) {
    input.id = "e-value";
    input.setAttribute("aria-label", "value");
    if (node) input.value = editorText(node);
    else if (kind === "notation") input.value = JSON.stringify(EMPTY_NOTATION[type], null, 2);
    box.replaceChildren(input);
  } else {
    box.replaceChildren();
  }
  $("e-type-hint").textContent = EDITORS[type].hint;
}

async function openEntry(key) {
  try {
    const entry = await json(api("GET", dbPath("/entry"), { query: { key } }));
    showEditor(entry);
  } catch (e) {
    status(e.message, true);
  }
}

function showEditor(entry) {
  const exists = entry.versionstamp !== null;
  state.editing = { key: entry.key, versionstamp: entry.versionstamp };
  $("editor").hidden = false;
  $("editor-title").textContent = exists ? keyLabel(entry.key) : "New entry";
  $("e-key").value = entry.key.length ? keyToText(entry.key) : "";
  $("e-expire").value = "";
  $("e-error").textContent = "";
  $("e-stamp").textContent = exists ? `versionstamp ${entry.versionstamp}` : "not stored yet";
  $("e-delete").disabled = !exists;
  setEditorType(exists ? editorOf(entry.value) : "string", exists ? entry.value : null);
  if (exists) writeHash({ key: keyToText(entry.key) });
}

async function saveEntry() {
  $("e-error").textContent = "";
  try {
    const key = keyFromText($("e-key").value);
    const type = $("e-type").value;
    const value = nodeFromEditor(type, $("e-value")?.value ?? "");
    const body = { key, value };
    const expire = $("e-expire").value.trim();
    if (expire) body.expireIn = Number(expire);
    // The same key as loaded: refuse to overwrite a change made meanwhile.
    const sameKey = state.editing.key && JSON.stringify(state.editing.key) === JSON.stringify(key);
    if (sameKey) body.versionstamp = state.editing.versionstamp;
    const { versionstamp } = await json(api("PUT", dbPath("/entry"), { body }));
    await Promise.all([listPage(), loadTree()]);
    await openEntry(key);
    status(`saved ${keyLabel(key)} at ${versionstamp}`);  // after the refresh's own status
  } catch (e) {
    $("e-error").textContent = e.status === 409 ? `${e.message} — reload the entry to see the change` : e.message;
  }
}

// ---- delete with a confirmation ----

async function confirmDelete(keys) {
  const dialog = $("confirm");
  $("confirm-text").textContent = `Delete ${keys.length} ${keys.length === 1 ? "entry" : "entries"} in "${state.db}"? ` +
    "They are deleted together in one atomic commit; this cannot be undone.";
  $("confirm-keys").replaceChildren(...keys.slice(0, 20).map((k) => {
    const li = document.createElement("li");
    li.textContent = keyLabel(k);
    return li;
  }));
  dialog.returnValue = "";
  dialog.showModal();
  await new Promise((resolve) => dialog.addEventListener("close", resolve, { once: true }));
  if (dialog.returnValue !== "ok") return status("nothing deleted");
  try {
    const { deleted } = await json(api("POST", dbPath("/delete"), { body: { keys } }));
    if (state.editing && keys.some((k) => JSON.stringify(k) === JSON.stringify(state.editing.key))) {
      $("editor").hidden = true;
      writeHash();
    }
    await Promise.all([listPage(), loadTree()]);
    status(`deleted ${deleted} ${deleted === 1 ? "entry" : "entries"}`);
  } catch (e) {
    status(e.message, true);
  }
}

// ---- watch ----

function stopWatch() {
  state.watchAbort?.abort();
  state.watchAbort = null;
}

function renderWatchList() {
  $("watch-list").replaceChildren(...state.watched.map((key, i) => {
    const li = document.createElement("li");
    li.dataset.key = keyToText(key);
    const label = document.createElement("span");
    label.className = "key";
    label.textContent = keyLabel(key);
    const value = document.createElement("span");
    value.className = "value";
    value.textContent = "…";
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "×";
    remove.setAttribute("aria-label", `stop watching ${keyLabel(key)}`);
    remove.addEventListener("click", () => {
      state.watched.splice(i, 1);
      restartWatch();
    });
    li.append(label, " ", value, " ", remove);
    return li;
  }));
}

function addWatch(key) {
  if (state.watched.some((k) => JSON.stringify(k) === JSON.stringify(key))) return;
  if (state.watched.length === 10) return status("at most 10 keys can be watched", true);
  state.watched.push(key);
  restartWatch();
}

// One event stream for all watched keys (the API sends their states
// together), read with fetch because EventSource cannot send the token.
async function restartWatch() {
  stopWatch();
  renderWatchList();
  if (state.watched.length === 0) return;
  const abort = new AbortController();
  state.watchAbort = abort;
  try {
    const response = await api("GET", dbPath("/watch"), { query: { keys: state.watched }, signal: abort.signal });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        handleEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
    if (!abort.signal.aborted) status("the watch ended (server restarted?)", true);
  } catch (e) {
    if (!abort.signal.aborted) status(`watch: ${e.message}`, true);
  }
}

function handleEvent(text) {
  const lines = text.split("\n");
  const data = lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
  if (!data) return;  // a keep-alive comment
  const payload = JSON.parse(data);
  if (lines.includes("event: error")) return status(`watch: ${payload.error}`, true);
  const items = $("watch-list").children;
  payload.forEach((entry, i) => {
    const span = items[i]?.querySelector(".value");
    if (!span) return;
    span.textContent = entry.versionstamp === null ? "(absent)" : preview(entry.value);
    span.title = entry.versionstamp ?? "";
    span.classList.remove("flash");
    void span.offsetWidth;  // restart the highlight animation
    span.classList.add("flash");
  });
}

// ---- import and export ----

// Whole lines, in slices below the body limit, one request each, so the
// progress bar moves and a huge file never has to fit in one request.
async function importFile(file) {
  const text = await file.text();
  const lines = text.split("\n");
  const progress = $("i-progress");
  progress.hidden = false;
  progress.max = lines.length;
  progress.value = 0;
  const totals = { count: 0, skipped: 0, errors: 0 };
  const failures = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < lines.length;) {
    let size = 0;
    const start = i;
    for (;;) {
      if (i === lines.length) break;
      const bytes = encoder.encode(lines[i]).length + 1;
      if (i > start && size + bytes > IMPORT_CHUNK_BYTES) break;
      size += bytes;
      i++;
    }
    const query = { overwrite: $("i-overwrite").checked ? "true" : "false" };
    const result = await json(api("POST", dbPath("/import"), { query, raw: lines.slice(start, i).join("\n") }));
    for (const k of Object.keys(totals)) totals[k] += result[k];
    // The API numbers the lines of each slice from 1.
    for (const f of result.failures) failures.push(`line ${f.line + start}: ${f.error}`);
    progress.value = i;
    $("i-result").textContent = `imported ${totals.count} lines…`;
  }
  $("i-result").textContent = `${totals.count} lines: ${totals.count - totals.skipped - totals.errors} written, ` +
    `${totals.skipped} skipped (existing), ${totals.errors} failed` + (failures.length ? `\n${failures.slice(0, 10).join("\n")}` : "");
  await Promise.all([listFirstPage(), loadTree()]);
}

async function exportSelection() {
  const progress = $("i-progress");
  progress.hidden = false;
  progress.removeAttribute("value");  // indeterminate: the size is not known up front
  const response = await api("GET", dbPath("/export"), { query: selection() });
  const reader = response.body.getReader();
  const chunks = [];
  let bytes = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.length;
    $("i-result").textContent = `exported ${bytes} bytes…`;
  }
  progress.max = 1;
  progress.value = 1;
  const blob = new Blob(chunks, { type: "application/x-ndjson" });
  const lines = (await blob.text()).split("\n").filter(Boolean).length;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `${state.db}.ndjson`;
  a.click();
  URL.revokeObjectURL(a.href);
  $("i-result").textContent = `exported ${lines} entries (${bytes} bytes)`;
}

// ---- wiring ----

function guard(fn) {
  return (...args) => Promise.resolve(fn(...args)).catch((e) => status(e.message, true));
}

function wire() {
  for (const type of Object.keys(EDITORS)) $("e-type").append(new Option(type === "Uint8Array" ? "bytes (hex)" : type, type));
  $("login-form").addEventListener("submit", guard(async (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("token").value.trim());
    $("token").value = "";
    try {
      await signIn();
    } catch (e) {
      signOut(e.message);
    }
  }));
  $("logout").addEventListener("click", () => signOut());
  $("database").addEventListener("change", guard(async () => {
    state.db = $("database").value;
    state.watched = [];
    restartWatch();
    $("editor").hidden = true;
    $("f-prefix").value = "";
    await Promise.all([loadTree(), listFirstPage()]);
  }));
  $("filter").addEventListener("submit", guard(async (ev) => {
    ev.preventDefault();
    await listFirstPage();
  }));
  $("next-page").addEventListener("click", guard(async () => {
    state.page.cursors[state.page.index + 1] = state.page.next;
    state.page.index++;
    await listPage();
  }));
  $("prev-page").addEventListener("click", guard(async () => {
    state.page.index--;
    await listPage();
  }));
  $("select-all").addEventListener("change", () => {
    for (const b of $("entries").querySelectorAll("tbody input")) b.checked = $("select-all").checked;
    updateSelection();
  });
  $("delete-selected").addEventListener("click", guard(() => confirmDelete(selectedKeys())));
  $("new-entry").addEventListener("click", () => {
    let prefix = [];
    try {
      prefix = $("f-prefix").value.trim() ? keyFromText($("f-prefix").value) : [];
    } catch { /* an unparsable filter just gives an empty key */ }
    showEditor({ key: prefix, value: null, versionstamp: null });
    state.editing.key = null;
  });
  $("e-type").addEventListener("change", () => setEditorType($("e-type").value, null));
  $("e-save").addEventListener("click", guard(saveEntry));
  $("e-delete").addEventListener("click", guard(() => confirmDelete([state.editing.key])));
  $("e-watch").addEventListener("click", guard(() => addWatch(keyFromText($("e-key").value))));
  $("e-close").addEventListener("click", () => {
    $("editor").hidden = true;
    writeHash();
  });
  $("watch-form").addEventListener("submit", guard((ev) => {
    ev.preventDefault();
    addWatch(keyFromText($("w-key").value));
    $("w-key").value = "";
  }));
  $("i-file").addEventListener("change", () => {
    $("i-start").disabled = !$("i-file").files.length;
  });
  $("i-start").addEventListener("click", guard(() => importFile($("i-file").files[0])));
  $("x-start").addEventListener("click", guard(exportSelection));
  window.addEventListener("hashchange", guard(async () => {
    const db = hashParams().get("db");
    if (db && db !== state.db) {
      state.db = db;
      $("database").value = db;
    }
    await openFromHash();
  }));
}

wire();
if (sessionStorage.getItem(TOKEN_KEY)) {
  signIn().catch((e) => signOut(e.message));
} else {
  signOut();
}
