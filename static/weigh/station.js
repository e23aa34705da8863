// The weigh station in the browser: the offline shell (search, weigh, provisional receipt), the
// queue panel on every station page, and the online weigh form's save going through the queue.
// Without JavaScript the server's own pages and forms work as before.

import { amountFen, formatKg, formatYuan, parseWeight, parseYuan } from "./numbers.js";
import * as queue from "./queue.js";
import { cardCode, scan } from "./scan.js";

const $ = (selector, root = document) => root.querySelector(selector);
const words = JSON.parse(($("#weigh-words") || { textContent: "{}" }).textContent);
const panel = $("#queue-panel");
const station = $("#station");
const userId = Number((panel && panel.dataset.user) || 0);
const locale = document.documentElement.lang === "ug" ? "ug"
  : document.documentElement.lang === "en" ? "en" : "zh";
let data = { households: [], products: [], user: null };
let lastOutcome = "";

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

const ltr = (text) => el("bdi", { class: "num", text });
const money = (fen) => el("span", { class: "money" }, ltr(formatYuan(fen)), ` ${words.yuan}`);
const weight = (grams) => el("span", { class: "weight" }, ltr(formatKg(grams)), ` ${words.kg}`);
const productName = (p) => (locale === "ug" && p.name_ug) || (locale === "en" && p.name_en) || p.name_zh;

// --- the service worker and the cached data ------------------------------------------------

async function registerWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    await navigator.serviceWorker.ready;
    if (!navigator.onLine) return;
    const channel = new MessageChannel();
    const answered = new Promise((resolve) => { channel.port1.onmessage = (e) => resolve(e.data); });
    const wanted = $('form[action="/me/records"]') ? ["/me"] : ["/weigh/offline", "/weigh/offline-data"];
    (registration.active || navigator.serviceWorker.controller)
      .postMessage({ warm: wanted }, [channel.port2]);
    if ((await answered) === "ready") document.documentElement.dataset.offlineReady = "1";
  } catch (error) {
    console.warn("weigh station: no offline cache", error);
  }
}

async function loadData() {
  if (!document.querySelector("#q, #station, form[action^='/weigh/']")) return; // staff pages only
  try {
    const response = await fetch("/weigh/offline-data", { credentials: "same-origin" });
    if (response.ok && !response.redirected) data = await response.json();
  } catch {
    /* no signal and nothing cached yet: searching by typing the code still opens the form online */
  }
}

// --- the queue panel -----------------------------------------------------------------------

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
function renderSoon() {
  clearTimeout(renderTimer);
  renderTimer = setTimeout(renderQueue, 50);
}

async function renderQueue() {
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
  if (station) renderReceipt();
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

// --- the offline shell: find, weigh, provisional receipt -------------------------------------

function show(view) {
  for (const id of ["find", "weigh", "receipt-view"]) $(`#${id}`).hidden = id !== view;
}

function route() {
  const card = /^\/weigh\/card\/([^/]+)\/?$/.exec(location.pathname); // a card's QR, no signal
  if (card && !location.hash && openCard(decodeURIComponent(card[1]))) return;
  const path = /^\/weigh\/(\d+)\/?$/.exec(location.pathname);
  const hash = new URLSearchParams(location.hash.slice(1));
  const householdId = Number(hash.get("h") || (path && path[1]) || 0);
  if (hash.get("receipt")) {
    show("receipt-view");
    renderReceipt();
  } else if (householdId && !hash.has("find")) {
    openForm(householdId);
  } else {
    show("find");
    search();
  }
}

function search() {
  const typed = $("#q").value.trim().toLowerCase();
  const found = typed ? data.households.filter((h) =>
    h.code.toLowerCase().startsWith(typed) || h.name.toLowerCase().includes(typed)) : [];
  $("#results").replaceChildren(...found.slice(0, 30).map((h) => el("li", {},
    el("a", { class: "item", href: `#h=${h.id}` },
      el("span", { class: "line" }, el("span", { class: "who", text: h.name }), " ",
        el("bdi", { class: "code", text: h.code })),
      h.group ? el("span", { class: "muted", text: h.group }) : null))));
  if (typed && !found.length) $("#results").append(el("li", { class: "muted", text: words.no_match }));
  return found;
}

/** A scanned card or a code typed in full opens that household's form. */
export function openCard(code) {
  const wanted = code.trim().toLowerCase();
  const household = data.households.find((h) => h.code.toLowerCase() === wanted);
  if (household) location.hash = `h=${household.id}`;
  return household || null;
}

let current = null;

function openForm(householdId) {
  current = data.households.find((h) => h.id === householdId) || null;
  if (!current) {
    show("find");
    return;
  }
  show("weigh");
  $("#who").replaceChildren(current.name, " ", el("bdi", { class: "code", text: current.code }));
  const select = $("#product_id");
  select.replaceChildren(...data.products.map((p) => el("option", { value: p.id, text: productName(p) })));
  choosePrice();
  $("#weight").value = "";
  setReading(null);
  $("#form-error").hidden = true;
  preview();
  $("#weight").focus();
}

function chosenProduct() {
  return data.products.find((p) => String(p.id) === $("#product_id").value) || null;
}

function choosePrice() {
  const product = chosenProduct();
  $("#price").value = product ? formatYuan(product.price_fen_per_kg) : "";
}

let reading = null; // a stable reading from a connected scale, until the clerk types over it
let filling = false;

function showSource(note) {
  const line = $("#weight-source");
  if (!line) return;
  line.textContent = note || (reading ? `${words.from_scale}: ${reading.device} · ${reading.raw}`
    : $("#weight").value.trim() ? words.typed : "");
}

export function setReading(value) {
  reading = value;
  if (value) {
    filling = true;
    $("#weight").value = formatKg(value.weight_g);
    $("#weight").dispatchEvent(new Event("input", { bubbles: true }));
    filling = false;
  }
  showSource();
}

function typedOver() {
  if (filling) return;
  reading = null;
  showSource();
}

/** Where Web Serial exists, a button connects the scale; typing (or a keyboard-wedge scale)
 * always works and is marked as typed. */
function attachScale(form) {
  $("#weight").addEventListener("input", typedOver);
  if (!("serial" in navigator)) return;
  let row = $(".scale-row", form);
  if (!row) {
    row = el("div", { class: "row scale-row" },
      el("button", { type: "button", id: "scale-connect", text: words.scale_connect }));
    $("#weight").after(el("p", { id: "weight-source", class: "hint", "data-testid": "weight-source" }), row);
  }
  row.hidden = false;
  const button = $("#scale-connect");
  button.addEventListener("click", async () => {
    try {
      const { connectScale } = await import("./scale.js");
      const device = await connectScale(
        (seen) => {
          if (!seen) return;
          if (seen.stability === "overload") showSource(words.scale_overload);
          else if (seen.stability === "unstable" && !reading) showSource(words.scale_wait);
        },
        (stable) => setReading(stable),
      );
      button.textContent = `${words.scale_connected} ${device}`;
    } catch (error) {
      showSource(words.scale_failed);
    }
  });
}

function typedFigures() {
  const grams = parseWeight($("#weight").value);
  const price = parseYuan($("#price").value);
  return { grams, price };
}

function preview() {
  const { grams, price } = typedFigures();
  const box = $("#preview");
  const ready = grams !== null && price !== null && price > 0;
  box.classList.toggle("empty", !ready);
  $("#preview-sum").replaceChildren(...(ready
    ? [weight(grams), " × ", money(price), `/${words.kg} =`] : [words.type_weight]));
  $('[data-testid="amount"]', box).replaceChildren(ready ? money(amountFen(grams, price)) : "");
}

function fail(message) {
  const error = $("#form-error");
  error.textContent = message;
  error.hidden = false;
}

async function saveOffline(event) {
  event.preventDefault();
  const { grams, price } = typedFigures();
  if (grams === null) return fail(words.bad_weight);
  if (price === null || price <= 0) return fail(words.bad_price);
  const product = chosenProduct();
  const entry = await queue.add(newEntry(current, product, grams, price));
  location.hash = `receipt=${entry.id}`;
  sendNow();
}

function newEntry(household, product, grams, price) {
  const body = { household_id: household.id, product_id: product.id, weight_g: grams,
    price_fen_per_kg: price };
  const fromScale = reading && reading.weight_g === grams;
  if (fromScale) body.scale = { raw: reading.raw, device: reading.device };
  return {
    user_id: userId, user_name: panel.dataset.userName || "",
    household_id: household.id, household_code: household.code, household_name: household.name,
    product_name: productName(product), amount_fen: amountFen(grams, price), body,
  };
}

async function renderReceipt() {
  const id = new URLSearchParams(location.hash.slice(1)).get("receipt");
  const entry = id && (await queue.get(id));
  if (!entry) return;
  const state = $("#receipt-state");
  state.textContent = words[entry.state];
  state.className = `receipt-state status status-${entry.state}`;
  $("#r-lot").replaceChildren(entry.lot_code ? el("bdi", { class: "code", text: entry.lot_code })
    : words.waiting);
  $("#r-household").replaceChildren(`${entry.household_name} `, el("bdi", { class: "code", text: entry.household_code }));
  $("#r-product").textContent = entry.product_name;
  $("#r-weight").replaceChildren(weight(entry.body.weight_g));
  $("#r-price").replaceChildren(money(entry.body.price_fen_per_kg), `/${words.kg}`);
  $("#r-amount").replaceChildren(money(entry.amount_fen));
  $("#r-time").replaceChildren(ltr(new Date(entry.typed_at).toLocaleString()));
  $("#r-clerk").textContent = entry.user_name;
  if (entry.state === "refused") $("#r-lot").append(el("p", { class: "field-error", text: entry.reason }));
}

function startShell() {
  $("#q").addEventListener("input", search);
  $("#q").addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const found = search();
    if (!openCard($("#q").value) && found.length === 1) location.hash = `h=${found[0].id}`;
  });
  $("#product_id").addEventListener("change", () => { choosePrice(); preview(); });
  for (const id of ["#weight", "#price"]) $(id).addEventListener("input", preview);
  $("#weigh-form").addEventListener("submit", saveOffline);
  for (const link of document.querySelectorAll("#weigh .back, #next-household")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      $("#q").value = "";
      location.hash = "find";
    });
  }
  window.addEventListener("hashchange", route);
  route();
}

// --- member cards: the camera reads the QR, the cached households say whose it is ---------------

function scanner(button, open) {
  let box = $("#scanner");
  if (!box) {
    box = el("div", { id: "scanner", hidden: "" }, el("video", { id: "camera", playsinline: "", muted: "" }),
      el("p", { id: "scan-note", class: "hint", role: "status" }),
      el("button", { type: "button", id: "scan-stop", text: words.scan_stop }));
    button.closest("form, section").append(box);
  }
  let running = null;
  const note = (text) => { $("#scan-note").textContent = text; };
  const stop = () => { if (running) running.stop(); running = null; box.hidden = true; };
  $("#scan-stop").addEventListener("click", stop);
  button.addEventListener("click", async () => {
    if (running) return;
    box.hidden = false;
    note(words.scan_hint);
    try {
      running = scan($("#camera"));
      const text = await running.found;
      running = null;
      if (!text) return;
      box.hidden = true;
      const code = cardCode(text);
      if (!open(code)) {
        box.hidden = false;
        note(words.unknown_card.replace("{code}", code));
      }
    } catch {
      running = null;
      note(words.no_camera);
    }
  });
}

function cardOnline(code) {
  const wanted = code.toLowerCase();
  const household = data.households.find((h) => h.code.toLowerCase() === wanted);
  if (household) location.assign(`/weigh/${household.id}`);
  return household || null;
}

// --- the online pages: the form's save goes through the queue; search falls back to the cache --

function enhanceOnlineForm(form) {
  const householdId = Number(/\/weigh\/(\d+)$/.exec(form.getAttribute("action"))[1]);
  let busy = false;
  form.addEventListener("submit", async (event) => {
    if (!event.submitter || event.submitter.value !== "save") return;
    if (!form.elements._csrf_token) return; // a form without its token posts as it is (refused)
    const grams = parseWeight(form.elements.weight.value);
    const price = parseYuan(form.elements.price.value);
    if ((grams === null || !price) && navigator.onLine) return; // the server explains exactly
    event.preventDefault();
    if (busy) return;
    const household = data.households.find((h) => h.id === householdId);
    const productId = Number(form.elements.product_id.value);
    const product = data.products.find((p) => p.id === productId);
    if (grams === null || !price || !household || !product) {
      if (navigator.onLine) form.submit();
      return;
    }
    busy = true;
    const entry = await queue.add(newEntry(household, product, grams, price));
    await sendNow();
    const after = await queue.get(entry.id);
    busy = false;
    if (after.state === "sent") location.assign(`/receipts/${after.lot_id}?saved=1`);
    else if (after.state === "refused") {
      form.prepend(el("p", { class: "alert error", role: "alert", text: after.reason }));
    } else location.assign(`/weigh/offline#receipt=${after.id}`);
  });
}

/** A grower's own record: kept on the phone first, then sent like the station's weigh-ins. */
function enhanceGrowerForm(form) {
  let busy = false;
  form.addEventListener("submit", async (event) => {
    if (!form.elements._csrf_token || busy) return;
    const grams = parseWeight(form.elements.weight.value);
    if (grams === null && navigator.onLine) return; // the server explains exactly
    event.preventDefault();
    const problem = $(".field-error.local", form);
    if (problem) problem.remove();
    if (grams === null) {
      form.elements.weight.after(el("p", { class: "field-error local", role: "alert", text: words.bad_weight }));
      return;
    }
    busy = true;
    const product = form.elements.product_id;
    const productName = product.tagName === "SELECT" ? product.selectedOptions[0].textContent
      : ($(".hint strong", form) || { textContent: "" }).textContent;
    const entry = await queue.add({
      kind: "grower", url: "/me/queue", user_id: userId, user_name: panel.dataset.userName || "",
      household_name: productName, household_code: "",
      body: { product_id: Number(product.value), weight_g: grams, note: form.elements.note.value.trim() },
    });
    await sendNow();
    const after = await queue.get(entry.id);
    busy = false;
    if (after.state === "sent") location.assign("/me?saved=1");
    else if (after.state === "refused") {
      form.prepend(el("p", { class: "alert error", role: "alert", text: after.reason }));
    } else {
      form.elements.weight.value = "";
      form.elements.note.value = "";
    }
  });
}

function searchFromCache() {
  document.body.addEventListener("htmx:sendError", () => {
    const input = $("#q");
    if (!input || !data.households.length) return;
    const typed = input.value.trim().toLowerCase();
    const found = data.households.filter((h) =>
      h.code.toLowerCase().startsWith(typed) || h.name.toLowerCase().includes(typed));
    $("#results").replaceChildren(el("ul", { class: "list" }, ...found.slice(0, 30).map((h) =>
      el("li", {}, el("a", { class: "item", href: `/weigh/offline#h=${h.id}` },
        el("span", { class: "line" }, el("span", { class: "who", text: h.name }), " ",
          el("bdi", { class: "code", text: h.code })))))));
  });
}

async function main() {
  document.addEventListener("coop-queue-changed", renderSoon);
  window.addEventListener("online", sendNow);
  window.addEventListener("offline", renderQueue);
  if (panel) $("#send-now").addEventListener("click", sendNow);
  await loadData();
  if (station) {
    startShell();
    attachScale($("#weigh-form"));
    scanner($("#scan"), openCard);
  } else if ($("#q") && navigator.mediaDevices) {
    const button = el("button", { type: "button", id: "scan", class: "scan-button", text: words.scan });
    $("#q").closest(".search").after(button);
    scanner(button, cardOnline);
  }
  const onlineForm = [...document.querySelectorAll('form[method="post"]')]
    .find((form) => /^\/weigh\/\d+$/.test(form.getAttribute("action") || ""));
  if (onlineForm && !station) {
    enhanceOnlineForm(onlineForm);
    attachScale(onlineForm);
  }
  const growerForm = document.querySelector('form[method="post"][action="/me/records"]');
  if (growerForm) enhanceGrowerForm(growerForm);
  if (!station) searchFromCache();
  await queue.prune();
  await renderQueue();
  setInterval(async () => {
    if ((await queue.all()).some((entry) => entry.state === "waiting")) sendNow();
  }, 30000);
  await registerWorker();
  sendNow();
  document.documentElement.dataset.stationReady = "1";
}

main();
