// What every station page shares: its words (translated by the server), the helpers that draw
// figures, who is signed in, and the households and prices kept for working with no signal.

import { formatKg, formatYuan } from "./numbers.js";

export const $ = (selector, root = document) => root.querySelector(selector);
export const words = JSON.parse(($("#weigh-words") || { textContent: "{}" }).textContent);
export const panel = $("#queue-panel");
export const station = $("#station");
export const userId = Number((panel && panel.dataset.user) || 0);
const locale = document.documentElement.lang === "ug" ? "ug"
  : document.documentElement.lang === "en" ? "en" : "zh";
export const data = { households: [], products: [], user: null };

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

export const ltr = (text) => el("bdi", { class: "num", text });
export const money = (fen) => el("span", { class: "money" }, ltr(formatYuan(fen)), ` ${words.yuan}`);
export const weight = (grams) => el("span", { class: "weight" }, ltr(formatKg(grams)), ` ${words.kg}`);
export const productName = (p) => (locale === "ug" && p.name_ug) || (locale === "en" && p.name_en) || p.name_zh;

// --- the service worker and the cached data ------------------------------------------------

export async function registerWorker() {
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

export async function loadData() {
  if (!document.querySelector("#q, #station, form[action^='/weigh/']")) return; // staff pages only
  try {
    const response = await fetch("/weigh/offline-data", { credentials: "same-origin" });
    if (response.ok && !response.redirected) Object.assign(data, await response.json());
  } catch {
    /* no signal and nothing cached yet: searching by typing the code still opens the form online */
  }
}
