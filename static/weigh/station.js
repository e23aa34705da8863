// The weigh station in the browser: the offline shell (search, weigh, provisional receipt), the
// queue panel on every station page, and the online forms' saves going through the queue.
// Without JavaScript the server's own pages and forms work as before.

import { liveAmounts } from "./amounts.js";
import * as queue from "./queue.js";
import { $, el, loadData, panel, registerWorker, station, words } from "./page.js";
import { renderQueue, renderSoon, sendNow } from "./panel.js";
import { attachScale } from "./reading.js";
import { openCard, startShell } from "./shell.js";
import { keepFieldInView } from "./viewport.js";
import {
  cardOnline, enhanceGrowerForm, enhanceOnlineForm, scanner, searchFromCache,
} from "./online.js";

async function main() {
  document.documentElement.classList.add("js");
  keepFieldInView();
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
  if (!station) liveAmounts();
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
