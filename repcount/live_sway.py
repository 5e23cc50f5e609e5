"""The reps that open a live set are not the sway of an arm hanging between sets (module notes of
``repcount.live``, step 1).

Standing between sets, the hanging arm sways: on ebbelaar's standing rest recording (40 s, wrist,
12.5 Hz) the gyro reads about ±1 rad/s at about 1 Hz and the band-passed acceleration a few tenths
of g. On a window of a few cycles the probe's offline stages find "reps" in it (their band-pass
at the rep rate makes a rhythm of whatever moves: two 2.4-2.8 s cycles in one rhythm), and the live
counter opened sets there that their final analyses took back (5-10 reps announced per named lift,
8 with the generic counter). Offline reads no set in that recording only because its gestures
own the whole window's period; on the sway alone (a window of 5-24 s) it finds 7 reps. So the
reps that open a live set are asked two things of their motion:

* *They are activity* (``moving``): the RMS of the band-passed acceleration (all three axes, the
  gate's own measure) over their span reaches the activity gate's threshold (4 times the
  stream's rest level, within 0.5-1 m/s², ``repcount.activity``). The gate opens there but stays
  open down to ``activity.OFF_FRAC`` of it, so that a set's pauses do not close it; inside that
  margin the stages still find cycles, and a set's reps are what made the gate open. The sway's
  first "reps" read 0.8-0.9 of the threshold; real wrist openings 1.3 and more (ebbelaar).
* *They are not an arm swinging free* (``swaying``, where there is a gyro). What the accelerometer
  reads of an arm swinging free is mostly gravity turning in the sensor's frame: a turn through
  θ reads g·θ at a rate Ω·θ, so the gyro's rate per unit of band-passed acceleration is Ω/g for a
  swing at angular frequency Ω. A hanging arm swings as a pendulum from the shoulder: a uniform
  rod of an adult arm's length (``ARM_M``, 0.7 m, shoulder to fingertips) swings with a period of
  2π·√(2L / 3g) = 1.37 s (``ARM_SWING_S``), a ratio of 0.47 (rad/s)/(m/s²). A rep's acceleration
  is the load's translation (presses, rows, squats: the load holds the wrist, the gyro reads
  little) or the limb turning through its arc at the rep's own rhythm (a curl), which a rep
  slower than the arm's swing does more slowly: so the reps that open a set turn the sensor at
  most 2π / (g · min(``ARM_SWING_S``, their cycle)) per unit of acceleration. The standing sway
  read 0.51-0.67 over its opening "reps" (2.4-2.8 s cycles); real wrist openings 0.11-0.41
  (ebbelaar: presses, squats, rows, deadlifts), the simulator's up to 0.27. No real curls with a
  gyro were at hand (muvr's have none): a forearm turning 2 rad once per 2.5 s rep reads about
  0.27 (``tests/repcount/test_live_sway.py``), the margin is thinner for fast raises and curls.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from repcount.filter import BAND_HZ, GRAVITY_MS2, FloatArray
from repcount.live_rhythm import median_cycle_s
from repcount.sos_filters import design_sos, zero_phase
from repcount.types import Rep

ARM_M = 0.7
"""An adult's arm, shoulder to fingertips, m: a hanging arm swings as a uniform rod from the shoulder."""
ARM_SWING_S = float(2 * np.pi * np.sqrt(2 * ARM_M / (3 * GRAVITY_MS2)))
"""The period of that swing, s (1.37 s)."""


def _rms(x: FloatArray) -> float:
    return float(np.sqrt(np.mean(np.einsum("ij,ij->i", x, x)))) if x.shape[0] else 0.0


def moving(reps: Sequence[Rep], t_s: FloatArray, band_ms2: FloatArray, threshold_ms2: float) -> bool:
    """Whether ``reps`` move the sensor as much as the activity gate asks (the module notes):
    the RMS of ``band_ms2`` ((n, 3) at ``t_s``, the gate's band-passed acceleration) over their
    span reaches ``threshold_ms2``."""
    if not reps:
        return False
    lo, hi = np.searchsorted(t_s, [reps[0].start_s, reps[-1].end_s])
    return _rms(np.asarray(band_ms2[lo:hi], dtype=np.float64)) >= threshold_ms2


def swaying(
    reps: Sequence[Rep],
    t_s: FloatArray,
    accel_ms2: FloatArray,
    gyro_rads: FloatArray | None,
    *,
    fs_hz: float,
) -> bool:
    """Whether ``reps`` turn the sensor faster per unit of acceleration than reps of their cycle
    can (the module notes): an arm swinging free. ``False`` without a gyro.
    ``t_s``, ``accel_ms2`` (m/s²) and ``gyro_rads`` (rad/s) are the window the reps were found
    in; both are band-passed alike (``filter.BAND_HZ``, zero phase) over it."""
    if gyro_rads is None or not reps or t_s.size < 2:
        return False
    sos = design_sos(2, (BAND_HZ[0], min(BAND_HZ[1], 0.45 * fs_hz)), "bandpass", fs_hz)
    lo, hi = np.searchsorted(t_s, [reps[0].start_s, reps[-1].end_s])
    if hi - lo < 2:
        return False
    both = np.hstack([accel_ms2 - accel_ms2.mean(axis=0), gyro_rads - gyro_rads.mean(axis=0)])
    band = zero_phase(sos, both, fs_hz=fs_hz, low_hz=BAND_HZ[0])[lo:hi]
    accel = _rms(band[:, :3])
    cycle = median_cycle_s(reps)
    bound = 2 * np.pi / (min(ARM_SWING_S, cycle) * GRAVITY_MS2)
    return accel > 0 and _rms(band[:, 3:]) > bound * accel
