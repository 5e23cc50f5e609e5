// Shared by the live page and the history: exercise names and HTML escaping. No build step.
"use strict";

const NAMES = {
  pull_up: "Pull-ups", barbell_row: "Barbell rows", dumbbell_row: "Dumbbell rows",
  lat_pulldown: "Lat pulldowns", seated_cable_row: "Seated cable rows", hyperextension: "Hyperextensions",
};
const nice = (id) => NAMES[id] || (id ? id.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()) : "Any exercise");
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

// The per-exercise summary with its overload advice: the action beside the numbers, its reason
// on a full-width line under them (a phone has no hover for a tooltip).
function summaryTable(summary) {
  const rows = summary.map((e) => `<tr class="ex"><td>${nice(e.exercise)}</td><td>${e.sets_done}/${e.sets_prescribed}</td>` +
    `<td>${e.reps}</td><td class="adv-${e.advice.action}">${e.advice.action}</td></tr>` +
    `<tr class="why"><td colspan="4">${esc(e.advice.reason)}</td></tr>`);
  return "<tr><th>Exercise</th><th>Sets</th><th>Reps</th><th>Next time</th></tr>" + rows.join("");
}
