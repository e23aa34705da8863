// The amount shown before saving, on every station form: worked out here as the clerk types
// (numbers.js, the server's own rules), cleared with a clear "not connected" state when the
// signal is gone, so no figure of an earlier weight stays on screen. An unusual weight asks to be
// confirmed (the same bound as coop/domain/weighin_checks.py) before it is saved.

import { chosenPrice } from "./grades.js";
import { amountFen, formatKg, parseWeight } from "./numbers.js";
import { $, el, money, weight, words } from "./page.js";

export const UNUSUAL_WEIGHT_G = 500000;
let signalLost = false; // a request of this page failed: no answer, whatever navigator says

export function connected() {
  return navigator.onLine && !signalLost;
}

/** One preview box: empty, the amount, or not connected (the amount cleared). */
export function drawPreview(box, grams, priceFen) {
  const ready = grams !== null && priceFen !== null && priceFen > 0;
  const online = connected();
  box.classList.toggle("empty", !ready && online);
  box.classList.toggle("offline", !online);
  box.dataset.state = online ? (ready ? "amount" : "empty") : "offline";
  const sum = $(".preview-sum", box);
  const amount = $(".amount", box);
  if (!online) {
    sum.replaceChildren(el("strong", { class: "net-state", "data-testid": "net-state", text: words.not_connected }),
      " ", ready ? el("span", {}, weight(grams), " × ", money(priceFen), `/${words.kg} · `) : "",
      words.not_connected_hint);
    amount.replaceChildren();
  } else if (ready) {
    sum.replaceChildren(weight(grams), " × ", money(priceFen), `/${words.kg} =`);
    amount.replaceChildren(money(amountFen(grams, priceFen)));
  } else {
    sum.replaceChildren(words.type_weight);
    amount.replaceChildren();
  }
  drawUnusual(box, grams);
}

function drawUnusual(box, grams) {
  let warning = $(".unusual", box);
  if (grams === null || grams <= UNUSUAL_WEIGHT_G) {
    if (warning) warning.remove();
    return;
  }
  const tick = $('input[name="unusual_ok"]', box);
  if (warning && tick && tick.value === String(grams)) return; // the same weight: keep the tick
  if (warning) warning.remove();
  const kg = formatKg(grams);
  warning = el("div", { class: "unusual", role: "alert", "data-testid": "unusual" },
    el("p", { text: words.unusual.replace("{weight}", kg).replace("{most}", formatKg(UNUSUAL_WEIGHT_G)) }),
    el("label", { class: "check" },
      el("input", { type: "checkbox", name: "unusual_ok", value: String(grams) }),
      ` ${words.unusual_ok.replace("{weight}", kg)}`));
  box.append(warning);
}

/** May this weight be saved: usual, or this very weight ticked as right. Shows the question. */
export function unusualConfirmed(form, grams) {
  if (grams === null || grams <= UNUSUAL_WEIGHT_G) return true;
  const tick = $('input[name="unusual_ok"]', form);
  if (tick && tick.value === String(grams) && tick.checked) return true;
  const box = $(".preview", form);
  if (box) drawUnusual(box, grams);
  const shown = $('input[name="unusual_ok"]', form);
  if (shown) shown.focus();
  return false;
}

// --- the forms: the online weigh form (its server preview by htmx), corrections, confirmations ---

function figuresOf(form) {
  const fixedPrice = form.dataset.priceFen ? Number(form.dataset.priceFen) : null;
  return [parseWeight(form.elements.weight.value), chosenPrice(form).price ?? fixedPrice];
}

const redraws = [];

function watch(form) {
  const box = $(".preview", form);
  if (!box || !form.elements.weight) return;
  const redraw = () => {
    const current = $(".preview", form); // htmx may have swapped in the server's box
    const [grams, price] = figuresOf(form);
    drawPreview(current, grams, price);
  };
  redraws.push(redraw);
  form.addEventListener("input", (event) => {
    if (event.target.name !== "unusual_ok") redraw();
  });
  if (!connected()) redraw();
}

/** Every form with a preview: drawn as typed; redrawn when the signal goes or comes back. */
export function liveAmounts() {
  const forms = [...document.querySelectorAll("form")].filter((form) => $(".preview", form));
  forms.forEach(watch);
  const redrawAll = () => redraws.forEach((redraw) => redraw());
  window.addEventListener("offline", redrawAll);
  window.addEventListener("online", () => { signalLost = false; redrawAll(); });
  document.body.addEventListener("htmx:sendError", () => { signalLost = true; redrawAll(); });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) signalLost = false;
  });
  document.body.addEventListener("htmx:afterSwap", () => { if (!connected()) redrawAll(); });
}
