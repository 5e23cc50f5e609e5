"""From a plan to a timeline: knot channels for every degree of freedom, plus the ground truth.

The lifter's day is a sequence: rest with fidgeting → walk to the station → set-up
(unrack, grab the bar, pick up the dumbbell) → reps → put the weight back → walk → rest.
Each degree of freedom is a ``Knots`` channel written in time order; ``kinematics`` turns
them into a sensor pose. All times here are true (physical) seconds.

Rep convention (the truth): a rep starts when the load leaves the position the set starts
from and ends when the next rep could start. Pull-first lifts run concentric → pause at
the top → eccentric → pause at the bottom; lower-first lifts run eccentric → pause at the
bottom → concentric → pause at the top. "Top" is the end of the concentric (chin over the
bar, bar at the chest on rows, arms locked on presses). The four phases sum to the rep.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from firmware_sim.knots import Knots, KnotWriter
from firmware_sim.moves import Geometry, geometry_for
from firmware_sim.scenario import GRIND_STRETCH, SetPlan, WorkoutScenario

CHANNELS = (
    "q", "engage", "swing", "wobble", "walk", "fid_pitch", "fid_x", "fid_z",
    "rest_x", "rest_y", "rest_z", "rest_pitch", "rest_roll", "rest_yaw",
)  # fmt: skip

FATIGUE_SLOWDOWN = 0.4
"""At fatigue 1 the last rep's concentric is this much longer than the first's (a straight
line in between, each rep's tempo jittered ±12 % around it)."""


@dataclass(frozen=True, slots=True, eq=False)
class Region:
    """A stretch of time in which the sensor follows ``geometry`` (blended by ``engage``)."""

    t0_s: float
    t1_s: float
    geometry: Geometry


@dataclass(frozen=True, slots=True, eq=False)
class Choreography:
    channels: dict[str, Knots]
    regions: tuple[Region, ...]
    truth: dict[str, Any]
    duration_s: float
    is_wrist: bool


def _rom_m(geo: Geometry) -> float:
    if geo.arc_m > 0:
        return float(geo.arc_m * np.deg2rad(abs(geo.pitch_deg[1] - geo.pitch_deg[0])))
    return float(np.linalg.norm(geo.travel_m))


def _rack_pose(geo: Geometry) -> tuple[float, ...]:
    q = geo.start_q
    p = np.add(geo.base_m, np.multiply(geo.travel_m, q)) + np.asarray(geo.rest_offset_m)
    pitch = geo.pitch_deg[0] + (geo.pitch_deg[1] - geo.pitch_deg[0]) * q
    return (float(p[0]), float(p[1]), float(p[2]), pitch, geo.roll_deg, geo.yaw_deg)


class _Timeline:
    def __init__(self, workout: WorkoutScenario, rng: np.random.Generator) -> None:
        self.workout = workout
        self.rng = rng
        self.is_wrist = workout.placement in ("wrist", "torso")
        self.w = {name: KnotWriter(0.0, 0.0) for name in CHANNELS}
        self.regions: list[Region] = []
        self.sets: list[dict[str, Any]] = []
        first_plan = workout.sets[0]
        y = 0.25 if workout.wrist_for(first_plan) == "left" else -0.25
        first = geometry_for(
            first_plan.exercise, workout.placement, first_plan.side, workout.wrist_for(first_plan)
        )
        pose = (0.05, y, 0.82, -88.0, 0.0, 0.0) if self.is_wrist else _rack_pose(first)
        for name, v in zip(
            ("rest_x", "rest_y", "rest_z", "rest_pitch", "rest_roll", "rest_yaw"), pose, strict=True
        ):
            self.w[name] = KnotWriter(0.0, v)
        self.w["q"] = KnotWriter(0.0, first.start_q)

    @property
    def t(self) -> float:
        return max(w.t_s for w in self.w.values())

    def sync(self) -> float:
        t = self.t
        for w in self.w.values():
            w.hold_until(t)
        return t

    def u(self, lo: float, hi: float) -> float:
        return float(self.rng.uniform(lo, hi))

    # ---- around the sets -------------------------------------------------------------
    def rest(self, duration_s: float) -> None:
        t_end = self.sync() + duration_s
        if not self.is_wrist:
            for w in self.w.values():
                w.hold_until(t_end)
            return
        fp, fx, fz = self.w["fid_pitch"], self.w["fid_x"], self.w["fid_z"]
        while fp.t_s + 3.0 < t_end:
            fp.hold(min(self.u(1.5, 7.0), t_end - fp.t_s - 2.5))
            if self.rng.random() < 0.2 and fp.t_s + 6.5 < t_end:  # look at the phone, drink, wipe
                up, hold = self.u(0.6, 1.2), self.u(1.0, 4.0)
                fp.move(up, self.u(55.0, 110.0))
                fx.hold_until(fp.t_s - up)
                fx.move(up, self.u(0.1, 0.25))
                fz.hold_until(fp.t_s - up)
                fz.move(up, self.u(0.25, 0.45))
                for w in (fp, fx, fz):
                    w.hold(hold)
                fp.move(up, self.u(-5.0, 5.0))
                fx.move(up, self.u(-0.03, 0.03))
                fz.move(up, self.u(-0.02, 0.02))
            else:
                dur = self.u(0.4, 1.2)
                fp.move(dur, self.u(-10.0, 10.0))
                fx.hold_until(fp.t_s - dur)
                fx.move(dur, self.u(-0.04, 0.04))
                fz.hold_until(fp.t_s - dur)
                fz.move(dur, self.u(-0.03, 0.03))
        for name in ("fid_pitch", "fid_x", "fid_z"):
            w = self.w[name]
            w.hold_until(max(w.t_s, t_end - 1.0))
            w.move(t_end - w.t_s, 0.0)
        self.sync()

    def walk(self, duration_s: float, to_geo: Geometry | None) -> None:
        t0 = self.sync()
        ramp = min(0.8, duration_s / 3.0)
        if self.is_wrist:
            wk = self.w["walk"]
            wk.move(ramp, 1.0)
            wk.hold(duration_s - 2 * ramp)
            wk.move(ramp, 0.0)
            yaw = self.w["rest_yaw"]
            yaw.move(duration_s, yaw.value + self.u(-150.0, 150.0))
        elif to_geo is not None:  # the sensor is moved to the next bar while the lifter walks
            for name, v in zip(
                ("rest_x", "rest_y", "rest_z", "rest_pitch", "rest_roll", "rest_yaw"),
                _rack_pose(to_geo),
                strict=True,
            ):
                self.w[name].move(duration_s, v)
        for w in self.w.values():
            w.hold_until(t0 + duration_s)

    # ---- one set -----------------------------------------------------------------------
    def perform(self, k: int, plan: SetPlan, geo: Geometry) -> None:
        w = self.w
        self.sync()
        w["q"].move(0.3, geo.start_q)  # while disengaged: invisible
        t_setup = self.sync()
        w["engage"].move(self.u(1.6, 2.6), 1.0)
        self.sync()
        for name in ("q", "swing", "wobble"):
            w[name].hold(self.u(0.8, 1.6))
        self.sync()
        reps: list[dict[str, Any]] = []
        partial: list[dict[str, Any]] = []
        for i in range(1, plan.reps + 1):
            rep = self.rep(i, plan, geo)
            (partial if "partial" in rep["flags"] else reps).append(rep)
        t_last = self.sync()
        w["q"].hold(self.u(0.3, 1.0))
        self.sync()
        w["engage"].move(self.u(1.6, 2.6), 0.0)
        t_end = self.sync()
        self.regions.append(Region(t_setup, t_end, geo))
        first = (reps + partial)[0]["start_s"] if reps or partial else t_setup
        self.sets.append(
            {
                "exercise": plan.exercise,
                "side": plan.side,
                "start_s": min(r["start_s"] for r in reps + partial) if reps or partial else first,
                "end_s": t_last,
                "reps": reps,
                "partial_reps": partial,
                "set": k + 1,
                "fatigue": plan.fatigue,
                "slowdown_pct": 100.0 * FATIGUE_SLOWDOWN * plan.fatigue,
            }
            | ({"grind_last": True} if plan.grind_last else {})
        )

    def rep(self, i: int, plan: SetPlan, geo: Geometry) -> dict[str, Any]:
        w, u = self.w, self.u
        fault = plan.faults.get(i)
        n = plan.reps
        frac = (i - 1) / max(1, n - 1)
        ecc, pb, conc, pt = (x * u(0.88, 1.12) for x in plan.tempo_s)
        conc *= 1.0 + FATIGUE_SLOWDOWN * plan.fatigue * frac
        rom = (1.0 - 0.08 * plan.fatigue * frac) * u(0.97, 1.0)
        grind = u(*GRIND_STRETCH) if plan.grind_last and i == n and fault is None else None
        if grind is not None:
            conc *= grind  # drawn only for a grinding set: every other seed draws as before
        swing_rad, wobble = 0.0, 0.001  # a little effort tremor on every concentric
        drive = u(1.1, 1.35)  # lifters accelerate hard off the bottom and coast to the top
        if fault == "partial":
            rom = u(0.4, 0.6)
        elif fault == "fast_concentric":
            conc, wobble, drive = max(0.55, conc * u(0.35, 0.5)), 0.004, 1.1
        elif fault == "jerky":
            conc, wobble = conc * u(0.7, 0.9), 0.012
        elif fault == "swing":
            conc, swing_rad = max(0.45, conc * u(0.5, 0.7)), u(0.12, 0.18)
        elif fault == "kip":
            conc, swing_rad, wobble = max(0.45, conc * u(0.4, 0.55)), u(0.28, 0.38), 0.006
        elif fault == "dropped_eccentric":
            ecc = u(0.45, 0.6)
        elif fault == "bounce":
            ecc, pb = ecc * u(0.6, 0.8), 0.0
        if geo.start_q == 0.0:
            lo, hi, order = 0.0, rom, ("concentric", "pause_top", "eccentric", "pause_bottom")
        else:
            lo, hi, order = 1.0 - rom, 1.0, ("eccentric", "pause_bottom", "concentric", "pause_top")
        dur = {"eccentric": ecc, "pause_bottom": pb, "concentric": conc, "pause_top": pt}
        q = w["q"]
        t0 = self.sync()
        marks = {}
        for phase in order:
            start = q.t_s
            if phase == "concentric":
                if wobble > 0:
                    self._wobble(start, conc, wobble)
                q.move(conc, hi, shape=drive)
            elif phase == "eccentric":
                if fault == "bounce":
                    q.move(ecc, lo - 0.03 * rom)
                    marks["eccentric"] = q.t_s - start
                    start = q.t_s
                    q.move(0.12, lo + 0.01 * rom)  # the rebound: spent in the following phase
                    dur["rebound"] = q.t_s - start
                    continue
                q.move(ecc, lo, shape=0.75 if fault == "dropped_eccentric" else 1.0)
            else:
                q.hold(dur[phase])
            marks[phase] = q.t_s - start
        if "rebound" in dur:
            follow = "concentric" if geo.start_q == 1.0 else "pause_bottom"
            marks[follow] = marks.get(follow, 0.0) + dur["rebound"]
        t1 = q.t_s
        self._swing(t0, t1 - t0, swing_rad)
        self.sync()
        flags = [] if fault is None else [fault]
        extra = {} if grind is None else {"grind": grind}
        return extra | {
            "start_s": t0,
            "end_s": t1,
            "eccentric_s": marks["eccentric"],
            "pause_bottom_s": marks["pause_bottom"],
            "concentric_s": marks["concentric"],
            "pause_top_s": marks["pause_top"],
            "flags": flags,
            "rom_m": rom * _rom_m(geo),
            "rep": i,
        }

    def _wobble(self, t0: float, dur: float, amp: float) -> None:
        wob = self.w["wobble"]
        wob.hold_until(t0)
        t_end = t0 + dur
        while wob.t_s + 0.12 < t_end:
            wob.move(self.u(0.05, 0.09), self.u(-amp, amp))
        wob.move(t_end - wob.t_s, 0.0)

    def _swing(self, t0: float, dur: float, amp_rad: float) -> None:
        sw = self.w["swing"]
        sw.hold_until(t0)
        if amp_rad <= 0:  # a lifter is never perfectly still
            sw.move(dur / 2, self.u(-0.015, 0.015))
            sw.move(dur / 2, 0.0)
            return
        halves = max(2, round(2 * dur / 1.3))
        for j in range(halves):
            target = 0.0 if j == halves - 1 else -amp_rad * (-0.75) ** j
            sw.move(dur / halves, target)


def choreograph(workout: WorkoutScenario, rng: np.random.Generator) -> Choreography:
    """Lay out the whole session in time; returns channels, regions and the truth."""
    tl = _Timeline(workout, rng)
    walk_s = min(4.0, workout.lead_in_s / 2)
    tl.rest(workout.lead_in_s - walk_s)
    for k, plan in enumerate(workout.sets):
        geo = geometry_for(plan.exercise, workout.placement, plan.side, workout.wrist_for(plan))
        if k > 0:
            prev = workout.sets[k - 1]
            same_station = prev.exercise == plan.exercise and prev.side != plan.side and plan.side is not None
            rest = tl.u(8.0, 15.0) if same_station else workout.rest_s * tl.u(0.67, 1.33)
            walk = min(rest / 3, tl.u(3.0, 8.0))
            tl.walk(walk / 2, None)
            tl.rest(max(0.0, rest - walk))
            tl.walk(walk / 2, geo)
        elif walk_s > 0:
            tl.walk(walk_s, geo)
        tl.perform(k, plan, geo)
    walk_s = min(4.0, workout.lead_out_s / 2)
    if walk_s > 0:
        tl.walk(walk_s, None)
    tl.rest(workout.lead_out_s - walk_s)
    t_end = tl.sync() + 0.5
    for wr in tl.w.values():
        wr.hold_until(t_end)
    channels = {name: wr.build() for name, wr in tl.w.items()}
    truth = {"sets": tl.sets}
    return Choreography(channels, tuple(tl.regions), truth, t_end, tl.is_wrist)
