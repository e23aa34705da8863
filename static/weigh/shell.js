// The station that runs from the cache: find a household, weigh, provisional receipt.

import { drawPreview, unusualConfirmed } from "./amounts.js";
import { chosenPrice, offerGrades } from "./grades.js";
import { formatYuan, parseWeight } from "./numbers.js";
import * as queue from "./queue.js";
import { $, data, el, ltr, money, productName, weight, words } from "./page.js";
import { afterRender, sendNow } from "./panel.js";
import { newEntry, setReading } from "./reading.js";


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
  offerGrades($("#weigh-form"), product, preview);
}

function typedFigures() {
  const grams = parseWeight($("#weight").value);
  const { grade, price } = chosenPrice($("#weigh-form"));
  return { grams, price, grade };
}

function preview() {
  const { grams, price, grade } = typedFigures();
  const box = $("#preview");
  drawPreview(box, grams, price);
  if (box.dataset.state === "empty" && grams !== null && grade === null) {
    $(".preview-sum", box).replaceChildren(words.choose_grade);
  }
}

function fail(message) {
  const error = $("#form-error");
  error.textContent = message;
  error.hidden = false;
}

async function saveOffline(event) {
  event.preventDefault();
  const { grams, price, grade } = typedFigures();
  if (grams === null) return fail(words.bad_weight);
  if (grade === null) return fail(words.choose_grade);
  if (price === null || price <= 0) return fail(words.bad_price);
  const product = chosenProduct();
  const form = $("#weigh-form");
  if (!unusualConfirmed(form, grams)) return;
  const entry = await queue.add(newEntry(current, product, grams, price, form, grade));
  form.elements.certificate_no.value = ""; // the next delivery brings its own
  form.elements.certificate_on_behalf.checked = false;
  location.hash = `receipt=${entry.id}`;
  sendNow();
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

export function startShell() {
  $("#q").addEventListener("input", search);
  $("#q").addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const found = search();
    if (!openCard($("#q").value) && found.length === 1) location.hash = `h=${found[0].id}`;
  });
  $("#product_id").addEventListener("change", () => { choosePrice(); preview(); });
  for (const id of ["#weight", "#price"]) $(id).addEventListener("input", preview);
  window.addEventListener("offline", preview);
  window.addEventListener("online", preview);
  $("#weigh-form").addEventListener("submit", saveOffline);
  for (const link of document.querySelectorAll("#weigh .back, #next-household")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      $("#q").value = "";
      location.hash = "find";
    });
  }
  afterRender.push(renderReceipt);
  window.addEventListener("hashchange", route);
  route();
}
