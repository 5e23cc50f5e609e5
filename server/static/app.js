// repcount live page: one WebSocket, plain DOM, no build step.
"use strict";

const $ = (id) => document.getElementById(id);
const fmtTime = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;

const st = {
  slot: null, reps: [], partials: 0, restFrom: null, restS: 90,
  tS: null, tWall: 0, rate: 1, soundOn: localStorage.getItem("repcount.sound") !== "off",
};

// ---- cues ---------------------------------------------------------------------------------
let audio = null;
function beep(freq, ms) {
  if (!st.soundOn) return;
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    const osc = audio.createOscillator(), gain = audio.createGain();
    osc.frequency.value = freq; gain.gain.value = 0.25;
    osc.connect(gain).connect(audio.destination);
    osc.start(); osc.stop(audio.currentTime + ms / 1000);
  } catch (e) { /* no audio: vibration still works */ }
  if (navigator.vibrate) navigator.vibrate(ms);
}

// ---- rendering ----------------------------------------------------------------------------
function renderSlot() {
  const s = st.slot;
  $("exercise").textContent = s ? nice(s.exercise) : "Workout complete";
  const resting = st.restFrom !== null;
  $("setk").textContent = s ? `${resting ? "next: " : ""}set ${s.set_number}/${s.set_total}` : "";
  $("setk").classList.toggle("next", resting && !!s);
  $("side").hidden = !(s && s.side);
  $("side").textContent = s && s.side ? s.side : "";
  $("target").textContent = s ? `target ${s.min_reps === s.max_reps ? s.max_reps : s.min_reps + "–" + s.max_reps}` : "";
  $("count-of").textContent = resting ? "reps in the last set" :
    s ? `of ${s.min_reps === s.max_reps ? s.max_reps : s.min_reps + "–" + s.max_reps} reps` : "reps";
  if (s) st.restS = s.rest_s;
}

function renderCount(bump) {
  const el = $("count"), n = st.reps.length, s = st.slot;
  el.textContent = String(n);
  el.classList.toggle("in-range", !!s && n >= s.min_reps && n <= s.max_reps);
  el.classList.toggle("over", !!s && n > s.max_reps);
  el.classList.toggle("resting", st.restFrom !== null);
  if (bump) { el.classList.remove("bump"); void el.offsetWidth; el.classList.add("bump"); }
  $("partials").hidden = st.partials === 0;
  $("partials").textContent = `${st.partials} partial rep${st.partials === 1 ? "" : "s"} (not counted)`;
}

function renderTempo() {
  const svg = $("tempo"), reps = st.reps.slice(-12);
  const pos = (r) => r.tempo.map((x) => Math.max(0, x));  // never draw a negative phase
  const maxT = Math.max(4, ...reps.map((r) => pos(r).reduce((a, b) => a + b, 0)));
  const w = 360 / Math.max(reps.length, 6), colors = ["var(--ecc)", "var(--pause)", "var(--conc)", "var(--pause)"];
  let out = "";
  reps.forEach((r, i) => {
    let y = 104; const x = i * w + 3, bw = w - 6;
    pos(r).forEach((ph, k) => {
      const h = (ph / maxT) * 96; y -= h;
      if (h > 0) out += `<rect x="${x}" y="${y}" width="${bw}" height="${h}" fill="${colors[k]}" rx="2"/>`;
    });
    if (r.flags.length) out += `<rect x="${x - 2}" y="${y - 2}" width="${bw + 4}" height="${106 - y}" fill="none" stroke="var(--warn)" stroke-width="2.5" rx="3"/>`;
    out += `<text x="${x + bw / 2}" y="118" text-anchor="middle">${r.number}</text>`;
  });
  // before the first rep: say what will appear here (an empty box reads as something broken)
  svg.innerHTML = out || '<text x="180" y="64" text-anchor="middle" class="hint">each rep\'s tempo appears here as you lift</text>';
  renderVelocity();
  const flagged = st.reps.filter((r) => r.flags.length);
  $("flags").innerHTML = flagged.map((r) => `<span class="chip">#${r.number} ${r.flags.join(", ").replace(/_/g, " ")}</span>`).join("");
}

function renderVelocity() {
  // a bar or handle sensor measures each rep's mean concentric velocity: the last rep's, and its
  // loss from the set's best rep (velocity-based training stops a set at a chosen loss)
  const v = st.reps.map((r) => r.mean_concentric_velocity_ms).filter((x) => x != null && x > 0);
  const box = $("velocity");
  box.hidden = v.length === 0;
  if (!v.length) return;
  const last = v[v.length - 1], best = Math.max(...v), loss = (100 * (best - last)) / best;
  box.innerHTML = `<div>last rep <b>${last.toFixed(2)} m/s</b></div>` +
    `<div>velocity loss <b>${loss.toFixed(0)} %</b> (best rep ${best.toFixed(2)} m/s)</div>`;
}

function renderVerdict(v) {
  const box = $("verdict");
  if (!v) { box.hidden = true; return; }
  box.hidden = false;
  box.className = `verdict ${v.range}`;
  const of = v.slot;  // the set judged: by now the header names the next one
  $("verdict-of").hidden = !of;
  $("verdict-of").textContent = of ?
    `Last set: ${nice(of.exercise)} ${of.set_number}/${of.set_total}${of.side ? " · " + of.side : ""}` : "";
  $("verdict-title").textContent = { under: "Below target", in: v.min_reps === v.max_reps ? "On target" : "In range", over: "Above range" }[v.range];
  $("verdict-text").textContent = v.message;
}

function renderSummary(summary) {
  $("summary").hidden = !summary;
  $("count-box").hidden = !!summary;
  $("tempo-box").hidden = !!summary;
  if (!summary) return;
  $("summary-table").innerHTML = summaryTable(summary);
}

function sensorNow() {
  if (st.tS === null) return null;
  return st.tS + Math.min((performance.now() - st.tWall) / 1000, 1.0) * st.rate;
}

function renderRest() {
  const box = $("rest"), now = sensorNow();
  // no rest timer once the routine is done: nothing comes next and nothing is prescribed
  if (st.restFrom === null || now === null || !st.slot) { box.hidden = true; return; }
  box.hidden = false;
  const el = Math.max(0, now - st.restFrom);
  $("rest-time").textContent = fmtTime(el);
  $("rest-time").classList.toggle("over", el >= st.restS);
  $("rest-fill").style.width = `${Math.min(100, (100 * el) / Math.max(st.restS, 1))}%`;
  $("rest-of").textContent = el >= st.restS ? `${fmtTime(st.restS)} rest done — go!` : `of ${fmtTime(st.restS)} prescribed`;
}

function renderSensor(s) {
  if (!s) return;
  $("sensor-dot").classList.toggle("on", !!s.connected);
  const parts = [s.connected ? "connected" : s.name || s.sensor ? "disconnected" : "no sensor"];
  if (s.battery_pct !== undefined) parts.push(`${Math.round(s.battery_pct)}%`);
  if (s.dropped_packets) parts.push(`${s.dropped_packets} lost`);
  if (s.error) parts.push(s.error);
  $("sensor-text").textContent = parts.join(" · ");
}

function clock(tS) {
  if (tS === null || tS === undefined) return;
  const wall = performance.now();
  if (st.tS !== null && wall > st.tWall + 50 && tS >= st.tS) {
    const r = (tS - st.tS) / ((wall - st.tWall) / 1000);
    st.rate = Math.min(Math.max(0.7 * st.rate + 0.3 * r, 0), 1000);
  }
  st.tS = tS; st.tWall = wall;
}

// ---- events -------------------------------------------------------------------------------
function onState(m) {
  st.slot = m.slot; st.reps = m.reps || []; st.partials = m.partials || 0; st.restFrom = m.rest_from_s;
  clock(m.t_s);
  const sel = $("sel-change");
  sel.innerHTML = '<option value="">Change…</option>' +
    (m.exercises || []).map((e) => `<option value="${e}">${nice(e)}</option>`).join("");
  renderSlot(); renderCount(false); renderTempo(); renderVerdict(m.verdict); renderRest();
  renderSensor(m.sensor); renderSummary(m.summary);
}

const handlers = {
  state: onState,
  set_start(m) {
    st.reps = []; st.partials = 0; st.restFrom = null;
    if (m.slot) st.slot = m.slot;
    clock(m.t_s); renderSlot(); renderCount(false); renderTempo(); renderVerdict(null); renderRest();
  },
  rep(m) {
    st.reps.push(m); clock(m.t_s); renderCount(true); renderTempo();
    if (m.flags.length) beep(330, 250); else if (m.target_reached) beep(880, 400);
  },
  partial(m) { st.partials += 1; clock(m.t_s); renderCount(false); },
  set_end(m) {
    if (m.discarded) { st.reps = []; st.restFrom = null; renderCount(false); renderTempo(); return; }
    st.restFrom = m.t_s; if (m.rest_s) st.restS = m.rest_s;
    if (m.next !== undefined) st.slot = m.next;
    clock(m.t_s); renderSlot(); renderRest(); renderCount(false);
  },
  verdict(m) { renderVerdict(m); },
  status(m) { clock(m.t_s); if (m.rest_from_s !== undefined) st.restFrom = m.rest_from_s; renderSensor(m); renderRest(); },
  workout_end(m) { renderSummary(m.summary); },
};

let backoff = 500;
function connect() {
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/live`);
  ws.onopen = () => { backoff = 500; };
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    (handlers[m.type] || (() => {}))(m);
  };
  ws.onclose = () => {
    renderSensor({ connected: false, error: "server unreachable" });
    setTimeout(connect, backoff); backoff = Math.min(backoff * 2, 8000);
  };
}

async function act(action, exercise) {
  const r = await fetch("/api/workouts/current/actions", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify(exercise ? { action, exercise } : { action }),
  });
  if (r.ok) onState(await r.json());
}

async function loadRoutines() {
  const r = await fetch("/api/routines");
  if (!r.ok) return;
  $("sel-routine").innerHTML = (await r.json()).map((x) => `<option value="${x.id}">${x.name.replace(/</g, "&lt;")}</option>`).join("");
}

async function startWorkout() {
  const id = Number($("sel-routine").value);
  if (!id || !confirm("Start a new workout? The current one is closed.")) return;
  const r = await fetch("/api/workouts", {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ routine_id: id }),
  });
  if (r.ok) onState(await r.json());
}

function setSound(on) {
  st.soundOn = on;
  localStorage.setItem("repcount.sound", on ? "on" : "off");
  $("btn-sound").setAttribute("aria-pressed", String(on));
  $("btn-sound").textContent = on ? "Sound" : "Muted";
  if (on) beep(660, 80);
}

$("btn-skip").onclick = () => act("skip");
$("btn-repeat").onclick = () => act("repeat");
$("sel-change").onchange = (e) => { if (e.target.value) act("change", e.target.value); };
$("btn-sound").onclick = () => setSound(!st.soundOn);
$("btn-start").onclick = startWorkout;
loadRoutines();
setSound(st.soundOn);
setInterval(renderRest, 250);
connect();
