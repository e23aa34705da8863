// The queue panel on every station page: how many wait, each entry's state, sending on demand.

import * as queue from "./queue.js";
import { $, el, money, panel, station, userId, weight, words } from "./page.js";

let lastOutcome = "";
export const afterRender = []; // the shell redraws its open receipt too

function entryItem(entry) {
  const state = entry.user_id !== userId && entry.state === "waiting" ? "other" : entry.state;
  const label = state === "other" ? words.other_user.replace("{name}", entry.user_name || "")
    : words[entry.state];
  const priced = entry.body.price_fen_per_kg !== undefined; // a grower's own record has no price
  const item = el("li", { class: `item entry-${entry.state}`, "data-state": entry.state,
    "data-entry": entry.id },
  el("div", { class: "line" },
    el("span", { class: "who" }, `${entry.household_name} `,
      el("bdi", { class: "code", text: entry.household_code || "" })),
    el("span", { class: "figure" }, priced ? money(entry.amount_fen) : weight(entry.body.weight_g))),
  el("div", { class: "line" },
    priced ? el("span", {}, weight(entry.body.weight_g), " × ", money(entry.body.price_fen_per_kg), `/${words.kg}`)
      : el("span", { text: entry.body.note || "" }),
    el("span", { class: `status status-${entry.state}`, text: label })));
  if (entry.state === "sent" && entry.lot_code) {
    item.append(el("div", { class: "line" },
      el("span", {}, `${words.lot}: `, el("bdi", { class: "code", "data-testid": "lot-code", text: entry.lot_code })),
      entry.lot_id ? el("a", { href: `/receipts/${entry.lot_id}`, text: words.receipt }) : null));
  } else if (entry.state === "refused") {
    item.append(el("p", { class: "field-error", "data-testid": "reason", text: entry.reason }),
      el("div", { class: "actions" }, el("button", { type: "button", text: words.dismiss,
        onclick: () => queue.dismiss(entry.id) })));
  }
  return item;
}

let renderTimer = null;

/** Redraw once for a burst of changes (a round of sending changes every entry in turn). */
export function renderSoon() {
  clearTimeout(renderTimer);
  renderTimer = setTimeout(renderQueue, 50);
}

export async function renderQueue() {
  if (!panel) return;
  const entries = await queue.all();
  const waiting = entries.filter((entry) => entry.state === "waiting").length;
  $("#waiting-count").textContent = String(waiting);
  $("#queue").replaceChildren(...entries.slice().reverse().map(entryItem));
  panel.hidden = !station && entries.length === 0;
  $("#send-now").hidden = waiting === 0;
  const netNote = $("#net-note"); // the shell says "no signal" once, at the top
  const offline = !navigator.onLine || lastOutcome === "offline";
  if (netNote) {
    netNote.hidden = !offline;
    netNote.textContent = words.offline;
  }
  const notes = { offline: netNote ? "" : words.offline, signin: words.signin, later: words.later };
  $("#send-note").textContent = notes[lastOutcome]
    || (waiting === 0 && entries.length ? words.all_sent : "");
  for (const redraw of afterRender) redraw();
}

let sending = null;

/** Send what waits (one round at a time); the panel shows the outcome. */
export function sendNow() {
  sending ??= queue.sendWaiting(userId).then((outcome) => {
    lastOutcome = outcome;
    sending = null;
    renderQueue();
    return outcome;
  });
  return sending;
}
