// The server's own pages, made to survive a dropped signal: the weigh form and the grower's
// form save through the queue, search falls back to the cached households, cards are scanned.

import { unusualConfirmed } from "./amounts.js";
import { chosenPrice } from "./grades.js";
import { parseWeight } from "./numbers.js";
import * as queue from "./queue.js";
import { $, data, el, panel, userId, words } from "./page.js";
import { sendNow } from "./panel.js";
import { newEntry } from "./reading.js";
import { cardCode, scan } from "./scan.js";

// --- member cards: the camera reads the QR, the cached households say whose it is ---------------

export function scanner(button, open) {
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

export function cardOnline(code) {
  const wanted = code.toLowerCase();
  const household = data.households.find((h) => h.code.toLowerCase() === wanted);
  if (household) location.assign(`/weigh/${household.id}`);
  return household || null;
}

// --- the online pages: the form's save goes through the queue; search falls back to the cache --

export function enhanceOnlineForm(form) {
  const householdId = Number(/\/weigh\/(\d+)$/.exec(form.getAttribute("action"))[1]);
  let busy = false;
  form.addEventListener("submit", async (event) => {
    if (!event.submitter || event.submitter.value !== "save") return;
    if (!form.elements._csrf_token) return; // a form without its token posts as it is (refused)
    const grams = parseWeight(form.elements.weight.value);
    const { grade, price } = chosenPrice(form);
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
    if (!unusualConfirmed(form, grams)) return;
    busy = true;
    const entry = await queue.add(newEntry(household, product, grams, price, form, grade));
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
export function enhanceGrowerForm(form) {
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

export function searchFromCache() {
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
