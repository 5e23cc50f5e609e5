// repcount history: workouts → sets → reps, with a per-set SVG chart. Hash routes, no build step.
"use strict";

const view = document.getElementById("view");
const get = async (url) => { const r = await fetch(url); if (!r.ok) throw new Error(`${url}: ${r.status}`); return r.json(); };

async function listWorkouts() {
  const ws = await get("/api/workouts");
  view.innerHTML = "<h1>Workouts</h1>" + (ws.length ? ws.map((w) =>
    `<a class="card" href="#/workout/${w.id}">${esc(w.routine_name)}<small>${new Date(w.started_at).toLocaleString()} · ` +
    `${w.sets_done} sets · ${esc(w.status)}</small></a>`).join("") : "<p>No workouts yet.</p>");
}

async function showWorkout(id) {
  const w = await get(`/api/workouts/${id}`);
  const hidden = w.sets.filter((s) => s.status === "discarded").length;
  const sets = w.sets.filter((s) => s.status !== "discarded").map((s) =>
    `<a class="card" href="#/set/${s.id}">${nice(s.exercise)} ${s.set_number}/${s.set_total}${s.side ? " · " + s.side : ""}` +
    ` — <b>${s.count}</b> reps<small>${esc(s.verdict ? s.verdict.message : s.status)}</small></a>`).join("");
  const sum = summaryTable(w.summary);
  view.innerHTML = `<h1>${esc(w.routine_name)}</h1><div class="exports">` +
    `<a href="/api/workouts/${id}/reps.csv">reps.csv</a><a href="/api/workouts/${id}/reps.json">reps.json</a></div>` +
    `<section class="summary"><table>${sum}</table></section>` + sets +
    (hidden ? `<p class="muted">${hidden} movement${hidden === 1 ? "" : "s"} without counted reps not shown.</p>` : "");
}

function chart(s) {
  // counted reps on one row, partial reps (if any) on a second; the height follows the rows drawn
  const reps = s.reps, t0 = s.start_s, partials = reps.some((r) => !r.counted);
  const t1 = Math.max(s.end_s ?? t0, ...reps.map((r) => r.end_s));
  const span = Math.max(t1 - t0, 1), X = (t) => 10 + ((t - t0) / span) * 340;
  const H = partials ? 150 : 90, colors = ["#4c9be8", "#6e7681", "#3fb950", "#6e7681"];
  let out = partials ? `<text x="10" y="${H - 62}">partial (not counted)</text>` : "";
  reps.forEach((r) => {
    const y = r.counted ? 20 : 90;
    let t = r.start_s;
    [r.eccentric_s, r.pause_bottom_s, r.concentric_s, r.pause_top_s].map((d) => Math.max(0, d)).forEach((d, k) => {
      if (d > 0) out += `<rect x="${X(t)}" y="${y}" width="${Math.max(X(t + d) - X(t), 0.5)}" height="40" fill="${colors[k]}"/>`;
      t += d;
    });
    if (r.flags.length) out += `<rect x="${X(r.start_s)}" y="${y - 3}" width="${X(r.end_s) - X(r.start_s)}" height="46" fill="none" stroke="#f85149" stroke-width="2"/>`;
    if (r.counted) out += `<text x="${X(r.start_s)}" y="${y - 6}">${r.number}</text>`;
  });
  out += `<text x="10" y="${H - 5}">0 s</text><text x="350" y="${H - 5}" text-anchor="end">${span.toFixed(0)} s</text>`;
  return '<div class="legend"><span class="lg ecc">down</span><span class="lg pause">pause</span><span class="lg conc">up</span></div>' +
    `<svg class="chart-svg" viewBox="0 0 360 ${H}" style="height:${H}px" preserveAspectRatio="none">${out}</svg>`;
}

function setFacts(sm) {
  if (!sm || !sm.count) return "";
  const facts = [`time under tension ${sm.time_under_tension_s.toFixed(0)} s`,
    `mean rep ${sm.mean_rep_s.toFixed(1)} s (down ${sm.mean_eccentric_s.toFixed(1)} · up ${sm.mean_concentric_s.toFixed(1)})`];
  if (Math.abs(sm.slowdown_pct) >= 0.5) facts.push(`concentric ${sm.slowdown_pct > 0 ? "slowed" : "sped up"} ${Math.abs(sm.slowdown_pct).toFixed(0)} % over the set`);
  if (sm.velocity_loss_pct != null) facts.push(`velocity loss ${sm.velocity_loss_pct.toFixed(0)} %`);
  return `<p class="muted facts">${facts.map(esc).join(" · ")}</p>`;
}

function flagCell(r) {
  return r.flags.map((f, k) => `<div><b>${esc(f.replace(/_/g, " "))}</b>` +
    (r.reasons && r.reasons[k] ? `<small>${esc(r.reasons[k])}</small>` : "") + "</div>").join("");
}

async function showSet(id) {
  const s = await get(`/api/sets/${id}`);
  const vel = s.reps.some((r) => r.mean_concentric_velocity_ms != null);  // a bar or handle sensor
  const rows = s.reps.map((r) => `<tr><td>${r.counted ? r.number : "partial"}</td><td class="nowrap">` +
    [r.eccentric_s, r.pause_bottom_s, r.concentric_s, r.pause_top_s].map((x) => x.toFixed(1)).join(" · ") + "</td>" +
    (vel ? `<td>${r.mean_concentric_velocity_ms != null ? r.mean_concentric_velocity_ms.toFixed(2) : "–"}</td>` : "") +
    `<td class="flag-cell">${flagCell(r)}</td></tr>`).join("");
  view.innerHTML = `<h1>${nice(s.exercise)} ${s.set_number}/${s.set_total}${s.side ? " · " + s.side : ""}</h1>` +
    `<p>${esc(s.verdict ? s.verdict.message : s.status)}</p>${setFacts(s.summary)}${chart(s)}` +
    `<div class="exports"><a href="/api/sets/${id}/reps.csv">reps.csv</a><a href="/api/sets/${id}/chart.png">chart.png</a>` +
    `<a href="#/workout/${s.workout_id}">← workout</a></div>` +
    `<section class="summary"><table><tr><th>Rep</th><th>Tempo (s)<br><small>down · pause · up · pause</small></th>` +
    (vel ? "<th>m/s<br><small>up</small></th>" : "") + `<th>Flags</th></tr>${rows}</table></section>`;
}

async function route() {
  const [, kind, id] = location.hash.split("/");
  try {
    if (kind === "workout") await showWorkout(Number(id));
    else if (kind === "set") await showSet(Number(id));
    else await listWorkouts();
  } catch (e) { view.innerHTML = `<p>${esc(e.message)}</p>`; }
}
window.addEventListener("hashchange", route);
route();
