"""From channels to what an IMU feels: pose p(t), R(t) → specific force and angular rate.

The specific force in the sensor's body frame is ``f = Rᵀ (a − g)`` with ``g = (0, 0, −g0)``
(so a sensor at rest reads +1 g along world "up"), and the body angular rate comes from
``Ω = Rᵀ Ṙ`` (skew-symmetric). Both derivatives are central differences on the analytic
channels with a step of half a sample period (at least 2 ms): a second difference over ±h is
the true acceleration averaged by a triangle of half-width h, which is the anti-alias low-pass
an accelerometer's own digital filter applies at its output data rate.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from firmware_sim.choreography import Choreography

FloatArray = npt.NDArray[np.float64]

G0_MS2 = 9.80665
"""Standard gravity (m/s²)."""
GRAVITY_WORLD = np.array([0.0, 0.0, -G0_MS2])
_STEP_S = 2e-3
_CHUNK = 100_000
_STEP_HZ = 1.8
"""Walking cadence (steps per second); the arm swings at half of it."""


def rotation_matrices(pitch_deg: FloatArray, roll_deg: FloatArray, yaw_deg: FloatArray) -> FloatArray:
    """``Rz(yaw) · Ry(−pitch) · Rx(roll)`` for each sample, shape (n, 3, 3): segment → world."""
    p, r, y = np.deg2rad(pitch_deg), np.deg2rad(roll_deg), np.deg2rad(yaw_deg)
    cp, sp, cr, sr, cy, sy = np.cos(p), np.sin(p), np.cos(r), np.sin(r), np.cos(y), np.sin(y)
    out = np.empty((*np.shape(p), 3, 3))
    # Ry(−p) = [[cp, 0, −sp], [0, 1, 0], [sp, 0, cp]]; Rx(r) = [[1,0,0],[0,cr,−sr],[0,sr,cr]]
    out[..., 0, 0] = cy * cp
    out[..., 0, 1] = -sy * cr - cy * sp * sr
    out[..., 0, 2] = sy * sr - cy * sp * cr
    out[..., 1, 0] = sy * cp
    out[..., 1, 1] = cy * cr - sy * sp * sr
    out[..., 1, 2] = -cy * sr - sy * sp * cr
    out[..., 2, 0] = sp
    out[..., 2, 1] = cp * sr
    out[..., 2, 2] = cp * cr
    return out


def pose(chor: Choreography, t_s: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Sensor-segment position (n, 3) in m and orientation angles (n, 3) = pitch, roll, yaw in degrees."""
    ch = {name: k.at(t_s) for name, k in chor.channels.items()}
    pos = np.stack([ch["rest_x"] + ch["fid_x"], ch["rest_y"], ch["rest_z"] + ch["fid_z"]], axis=1)
    ang = np.stack([ch["rest_pitch"] + ch["fid_pitch"], ch["rest_roll"], ch["rest_yaw"]], axis=1)
    heading = ch["rest_yaw"] if chor.is_wrist else np.zeros_like(t_s)
    if chor.is_wrist:
        walk = ch["walk"]
        arm = np.sin(np.pi * _STEP_HZ * t_s)  # one arm swing per two steps
        pos[:, 0] += walk * (0.12 * arm + 0.01 * np.sin(2 * np.pi * _STEP_HZ * t_s))
        pos[:, 2] += walk * 0.025 * np.cos(2 * np.pi * _STEP_HZ * t_s)
        ang[:, 0] += walk * 18.0 * arm
    for region in chor.regions:
        i0, i1 = np.searchsorted(t_s, [region.t0_s, region.t1_s])
        if i1 <= i0:
            continue
        sl = slice(i0, i1)
        geo = region.geometry
        q = ch["q"][sl] + ch["wobble"][sl]
        pitch = geo.pitch_deg[0] + (geo.pitch_deg[1] - geo.pitch_deg[0]) * q
        if geo.arc_m > 0:
            phi = np.deg2rad(pitch)
            p_ex = np.asarray(geo.pivot_m) + geo.arc_m * np.stack([np.cos(phi), 0 * phi, np.sin(phi)], axis=1)
        else:
            p_ex = np.asarray(geo.base_m) + q[:, None] * np.asarray(geo.travel_m)
        psi = ch["swing"][sl]
        lever = np.asarray(geo.lever_m)
        c, s = np.cos(psi), np.sin(psi)
        # Ry(−ψ) · lever − lever: the shoulder (or whatever the sensor hangs from) swings about the pivot
        p_ex[:, 0] += (c - 1) * lever[0] - s * lever[2]
        p_ex[:, 2] += s * lever[0] + (c - 1) * lever[2]
        a_ex = np.stack(
            [
                pitch + np.rad2deg(psi) * geo.swing_tilt,
                np.full_like(q, geo.roll_deg),
                np.full_like(q, geo.yaw_deg),
            ],
            axis=1,
        )
        h = np.deg2rad(heading[sl])
        ch_, sh_ = np.cos(h), np.sin(h)
        p_ex[:, 0], p_ex[:, 1] = ch_ * p_ex[:, 0] - sh_ * p_ex[:, 1], sh_ * p_ex[:, 0] + ch_ * p_ex[:, 1]
        a_ex[:, 2] += heading[sl] if chor.is_wrist else 0.0
        e = ch["engage"][sl, None]
        pos[sl] = (1 - e) * pos[sl] + e * p_ex
        ang[sl] = (1 - e) * ang[sl] + e * a_ex
    return pos, ang


def imu_truth(
    chor: Choreography, t_s: FloatArray, fs_hz: float = 500.0
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Noise-free specific force (m/s², segment frame), angular rate (rad/s) and position (m) at ``t_s``."""
    n = t_s.shape[0]
    step = max(_STEP_S, 0.5 / fs_hz)
    f = np.empty((n, 3))
    w = np.empty((n, 3))
    p_out = np.empty((n, 3))
    for i0 in range(0, n, _CHUNK):
        t = t_s[i0 : i0 + _CHUNK]
        p_m, a_m = pose(chor, t - step)
        p_0, a_0 = pose(chor, t)
        p_p, a_p = pose(chor, t + step)
        acc = (p_p - 2 * p_0 + p_m) / step**2
        r_0 = rotation_matrices(a_0[:, 0], a_0[:, 1], a_0[:, 2])
        r_dot = (rotation_matrices(a_p[:, 0], a_p[:, 1], a_p[:, 2]) - rotation_matrices(*a_m.T)) / (2 * step)
        f[i0 : i0 + _CHUNK] = np.einsum("nji,nj->ni", r_0, acc - GRAVITY_WORLD)
        omega = np.einsum("nki,nkj->nij", r_0, r_dot)
        w[i0 : i0 + _CHUNK] = 0.5 * np.stack(
            [
                omega[:, 2, 1] - omega[:, 1, 2],
                omega[:, 0, 2] - omega[:, 2, 0],
                omega[:, 1, 0] - omega[:, 0, 1],
            ],
            axis=1,
        )
        p_out[i0 : i0 + _CHUNK] = p_0
    return f, w, p_out
