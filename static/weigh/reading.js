// Where a weight came from: a steady reading of the connected scale (Web Serial), or typed.

import { amountFen, formatKg } from "./numbers.js";
import { gradeLabel } from "./grades.js";
import { $, el, panel, productName, userId, words } from "./page.js";

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
export function attachScale(form) {
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

export function newEntry(household, product, grams, price, form, grade = "") {
  const body = { household_id: household.id, product_id: product.id, weight_g: grams,
    price_fen_per_kg: price };
  if (grade) body.grade = grade;
  const fromScale = reading && reading.weight_g === grams;
  if (fromScale) body.scale = { raw: reading.raw, device: reading.device };
  const number = form.elements.certificate_no, onBehalf = form.elements.certificate_on_behalf;
  if (number && number.value.trim()) body.certificate_no = number.value.trim();
  if (onBehalf && onBehalf.checked) body.certificate_on_behalf = true;
  return {
    user_id: userId, user_name: panel.dataset.userName || "",
    household_id: household.id, household_code: household.code, household_name: household.name,
    product_name: grade ? `${productName(product)} · ${gradeLabel(product, grade)}`
      : productName(product),
    amount_fen: amountFen(grams, price), body,
  };
}
