// Grades at the scale: a product with grades offers them with their posted prices and the chosen
// grade's price is the weigh-in's; a product without grades has its price typed. The server
// renders the choice on its own pages (grade_choice.html); the offline shell draws it from the
// cached products here.

import { parseYuan } from "./numbers.js";
import { $, el, money, productName, words } from "./page.js";

/** The grade chosen and its price; a product without grades: no grade, the typed price. A
 * product with grades and none chosen: grade and price null. */
export function chosenPrice(form) {
  if (!form.querySelector('input[name="grade"]')) {
    const typed = form.elements.price;
    return { grade: "", price: typed ? parseYuan(typed.value) : null };
  }
  const checked = form.querySelector('input[name="grade"]:checked');
  return checked ? { grade: checked.value, price: Number(checked.dataset.priceFen) }
    : { grade: null, price: null };
}

/** The grade's name for receipts and the queue, in the page's language. */
export function gradeLabel(product, code) {
  const grade = ((product && product.grades) || []).find((g) => g.code === code);
  return grade ? productName(grade) : code;
}

/** The offline shell: offer the product's grades (the typed price hides while they show). */
export function offerGrades(form, product, changed) {
  const old = $("#offline-grades", form);
  if (old) old.remove();
  const offered = (product && product.grades) || [];
  const typed = [$('label[for="price"]', form), $("#price", form)];
  for (const node of typed) if (node) node.hidden = offered.length > 0;
  if (!offered.length) return;
  const box = el("fieldset", { id: "offline-grades", class: "grades", "data-testid": "grades" },
    el("legend", { text: words.grade }),
    ...offered.map((g) => {
      const input = el("input", { type: "radio", name: "grade", value: g.code,
        "data-price-fen": String(g.price_fen_per_kg), onchange: changed });
      if (offered.length === 1) input.checked = true;
      return el("label", { class: "grade" }, input,
        el("span", { class: "grade-name", text: productName(g) }),
        el("span", { class: "grade-price" }, money(g.price_fen_per_kg), `/${words.kg}`));
    }));
  typed[0].before(box);
}
