// The phone's queue of weigh-ins (IndexedDB): each entry is kept until it is sent or the clerk
// dismisses its refusal; it is sent with its own id as the Idempotency-Key, in the order typed,
// so a resend after a lost answer finds the lot the first sending made and creates nothing new.

const DB_NAME = "coop-weigh";
const STORE = "entries";
const SENT_KEPT_MS = 2 * 24 * 3600 * 1000; // sent receipts stay on the phone for two days

let opened = null;

function db() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

async function run(mode, work) {
  const database = await db();
  return new Promise((resolve, reject) => {
    const tx = database.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

let lastSeq = 0;

/** Store a new entry before anything is sent: from here on it cannot be lost. */
export async function add(entry) {
  lastSeq = Math.max(Date.now() * 1000, lastSeq + 1);
  const stored = { ...entry, id: entry.id || newId(), seq: lastSeq, state: "waiting",
    typed_at: new Date().toISOString() };
  await run("readwrite", (store) => store.add(stored));
  changed();
  return stored;
}

export async function all() {
  const entries = (await run("readonly", (store) => store.getAll())) || [];
  return entries.sort((a, b) => a.seq - b.seq);
}

export async function get(id) {
  return run("readonly", (store) => store.get(id));
}

async function put(entry) {
  await run("readwrite", (store) => store.put(entry));
  changed();
}

/** A refused entry leaves only when the clerk has dealt with it; a sent one when it is old. */
export async function dismiss(id) {
  const entry = await get(id);
  if (!entry || entry.state === "waiting") return;
  await run("readwrite", (store) => store.delete(id));
  changed();
}

export async function prune() {
  const old = Date.now() - SENT_KEPT_MS;
  for (const entry of await all()) {
    if (entry.state === "sent" && Date.parse(entry.sent_at) < old) {
      await run("readwrite", (store) => store.delete(entry.id));
    }
  }
}

function changed() {
  document.dispatchEvent(new CustomEvent("coop-queue-changed"));
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)coop_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/**
 * Send what waits, oldest first. A refusal marks that entry and goes on with the next; no
 * signal, an expired session or a server error stops the round with every entry kept waiting.
 * Returns "done", "offline", "signin" or "later".
 */
export async function sendWaiting(userId, url = "/weigh/queue") {
  const round = async () => {
    for (;;) { // entries typed while a round runs go in the same round
      const waiting = (await all()).filter((e) => e.state === "waiting" && e.user_id === userId);
      if (!waiting.length) return "done";
      for (const entry of waiting) {
        const outcome = await sendOne(entry, entry.url || url); // leaves "waiting", or ends the round
        if (outcome !== "next") return outcome;
      }
    }
  };
  return navigator.locks ? navigator.locks.request("coop-weigh-send", round) : round();
}

async function sendOne(entry, url) {
  let response;
  try {
    // The CSRF cookie lasts as long as the browser's session: any page answered anew sets it.
    if (!csrfToken()) await fetch("/sw.js", { cache: "no-store", credentials: "same-origin" });
    response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        "idempotency-key": entry.id,
        "x-coop-csrf": csrfToken(),
      },
      body: JSON.stringify(entry.body),
    });
  } catch {
    return "offline"; // no signal, or the answer was lost: the same id is sent again later
  }
  if (response.type === "opaqueredirect" || response.status === 401) return "signin";
  const json = (response.headers.get("content-type") || "").includes("json")
    ? await response.json().catch(() => null) : null;
  if (response.ok && json && (json.lot_id || json.record_id)) {
    await put({ ...entry, state: "sent", lot_id: json.lot_id, lot_code: json.lot_code,
      record_id: json.record_id, amount_fen: json.amount_fen ?? entry.amount_fen,
      sent_at: new Date().toISOString() });
    return "next";
  }
  if (response.status >= 400 && response.status < 500 && json && json.error
      && response.status !== 408 && response.status !== 429) {
    await put({ ...entry, state: "refused", reason: json.error.message, code: json.error.code });
    return "next";
  }
  return response.status === 403 ? "signin" : "later";
}
