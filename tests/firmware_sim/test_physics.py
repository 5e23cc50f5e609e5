"""The motion model obeys physics: gravity at rest, norms under rotation, integration to the range."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firmware_sim import RepScenario, SensorSpec, simulate
from firmware_sim.kinematics import G0_MS2, rotation_matrices
from firmware_sim.knots import Knots, KnotWriter, min_jerk
from firmware_sim.sensor import apply_sensor, random_rotation

CLEAN = SensorSpec(
    bias_g=0.0, gyro_noise_rads=0.0, gyro_bias_rads=0.0, drift_ppm=0.0, jitter_s=0.0, mount_deg=0.0
)


def test_min_jerk_profile_ends_at_rest() -> None:
    s = np.linspace(0, 1, 1001)
    y = min_jerk(s)
    assert y[0] == 0.0
    assert y[-1] == 1.0
    assert np.all(np.diff(y) >= 0)
    v = np.gradient(y, s)
    assert abs(v[0]) < 1e-3
    assert abs(v[-1]) < 1e-3
    assert v.max() == pytest.approx(1.875, rel=1e-3)  # the textbook peak velocity of a min-jerk move


def test_knots_pass_through_their_values_and_reject_bad_times() -> None:
    w = KnotWriter(0.0, 1.0)
    w.move(2.0, 3.0)
    w.hold(1.0)
    k = w.build()
    np.testing.assert_allclose(k.at(np.array([-1.0, 0.0, 1.0, 2.0, 2.5, 9.0])), [1, 1, 2, 3, 3, 3])
    with pytest.raises(ValueError, match="increase"):
        Knots(np.array([0.0, 0.0]), np.array([1.0, 2.0]))


@settings(max_examples=50, deadline=None)
@given(st.floats(-720, 720), st.floats(-720, 720), st.floats(-720, 720))
def test_rotation_matrices_are_proper_rotations(pitch: float, roll: float, yaw: float) -> None:
    r = rotation_matrices(np.array([pitch]), np.array([roll]), np.array([yaw]))[0]
    np.testing.assert_allclose(r @ r.T, np.eye(3), atol=1e-12)
    assert np.linalg.det(r) == pytest.approx(1.0)
    v = np.array([0.3, -1.2, 2.0])
    assert np.linalg.norm(r @ v) == pytest.approx(np.linalg.norm(v))


def test_pitch_raises_the_segment_x_axis() -> None:
    r = rotation_matrices(np.array([90.0]), np.array([0.0]), np.array([0.0]))[0]
    np.testing.assert_allclose(r[:, 0], [0, 0, 1], atol=1e-12)  # forearm pointing up


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**31), st.floats(0, 180))
def test_mounting_preserves_the_norm_of_every_reading(seed: int, max_deg: float) -> None:
    rng = np.random.default_rng(seed)
    m = random_rotation(rng, max_deg)
    np.testing.assert_allclose(m @ m.T, np.eye(3), atol=1e-12)
    f = rng.normal(0, 12, (50, 3))
    spec = SensorSpec(bias_g=0.0, gyro_noise_rads=0.0, gyro_bias_rads=0.0, mount_deg=max_deg)
    acc, _, _, _, _ = apply_sensor(f, f / 10, spec=spec, noise_g=0.0, range_g=16, rng=rng)
    lsb_ms2 = G0_MS2 / 2048
    np.testing.assert_allclose(np.linalg.norm(acc, axis=1), np.linalg.norm(f, axis=1), atol=2 * lsb_ms2)


@pytest.mark.parametrize(
    ("exercise", "placement"), [("pull_up", "wrist"), ("squat", "bar"), ("lat_pulldown", "wrist")]
)
def test_at_rest_the_reading_is_one_g(exercise: str, placement: str) -> None:
    spec = SensorSpec(bias_g=0.0, gyro_noise_rads=0.0, gyro_bias_rads=0.0, mount_deg=180.0)
    rec = simulate(RepScenario(exercise, 3, placement, noise_g=0.0, seed=5), sensor=spec)
    still = rec.t_s < 1.0  # standing before the walk to the station; fidgets start later
    norms = np.linalg.norm(rec.accel_ms2[still], axis=1)
    np.testing.assert_allclose(norms, G0_MS2, atol=0.03)
    assert np.abs(rec.gyro_rads[still]).max() < 0.05


def test_double_integrating_the_bar_gives_the_modelled_range() -> None:
    rec = simulate(RepScenario("bench_press", 3, "bar", noise_g=0.0, seed=3), fs_hz=400, sensor=CLEAN)
    rep = rec.truth["sets"][0]["reps"][1]
    # bench: a rep starts at lockout at rest; the eccentric lowers the bar through its range
    i0 = np.searchsorted(rec.t_s, rep["start_s"])
    i1 = np.searchsorted(rec.t_s, rep["start_s"] + rep["eccentric_s"])
    yaw = rotation_matrices(np.array([0.0]), np.array([0.0]), np.array([90.0]))[0]
    a_world = rec.accel_ms2[i0:i1] @ yaw.T + np.array([0.0, 0.0, -G0_MS2])
    dt = 1.0 / rec.fs_hz
    v = np.cumsum(a_world, axis=0) * dt
    d = np.cumsum(v, axis=0) * dt
    assert np.linalg.norm(d[-1]) == pytest.approx(rep["rom_m"], rel=0.03)
    assert d[-1, 2] < 0  # the bar went down
    assert np.linalg.norm(rec.position_m[i1] - rec.position_m[i0]) == pytest.approx(rep["rom_m"], rel=0.01)


def test_integrated_gyro_gives_the_forearm_rotation_of_a_pull_up() -> None:
    rec = simulate(RepScenario("pull_up", 3, "wrist", noise_g=0.0, seed=2), fs_hz=200, sensor=CLEAN)
    rep = rec.truth["sets"][0]["reps"][1]
    i0 = np.searchsorted(rec.t_s, rep["start_s"])
    i1 = np.searchsorted(rec.t_s, rep["start_s"] + rep["concentric_s"])
    angle = np.sum(rec.gyro_rads[i0:i1], axis=0) / rec.fs_hz
    rom_frac = rep["rom_m"] / np.hypot(0.02, 0.03)  # wrist translation of a full pull-up
    expected = np.deg2rad((122.0 - 88.0) * rom_frac)
    assert abs(angle[1]) == pytest.approx(expected, rel=0.1)  # about the segment's y axis
    assert abs(rep["rom_m"]) < 0.05  # the wrist barely translates: the body moves, not the hands


def test_readings_are_quantised_int16_at_the_range() -> None:
    rec = simulate(RepScenario("squat", 4, "bar", faults={2: "bounce"}, seed=1), range_g=2)
    lsb = rec.lsb_per_g
    assert lsb == 16384
    np.testing.assert_array_equal(rec.accel_ms2, rec.accel_lsb.astype(float) * G0_MS2 / lsb)
    assert rec.accel_lsb.dtype == np.int16
    rows = rec.as_samples_int16(1)
    assert rows.shape == (len(rec), 6)
    assert rec.as_samples_int16(0).shape == (len(rec), 3)


def test_clipping_at_a_small_range() -> None:
    scen = RepScenario("hyperextension", 5, faults={2: "fast_concentric", 3: "dropped_eccentric"}, seed=4)
    rec = simulate(scen, range_g=2, sensor=SensorSpec(mount_deg=0.0))
    wide = simulate(scen, range_g=16, sensor=SensorSpec(mount_deg=0.0))
    assert np.abs(wide.accel_ms2).max() > 2 * G0_MS2
    assert rec.meta["clipped_samples"] > 0
    assert rec.accel_lsb.max() == 32767 or rec.accel_lsb.min() == -32768
    assert np.abs(rec.accel_ms2).max() <= 2 * G0_MS2 + 1e-9


@pytest.mark.parametrize("fs", [25.0, 100.0, 400.0])
def test_sample_clock_rate_drift_and_jitter(fs: float) -> None:
    rec = simulate(RepScenario("deadlift", 3, "bar", seed=8), fs_hz=fs)
    dt = np.diff(rec.t_s)
    assert np.all(dt > 0)
    assert np.median(dt) == pytest.approx(1 / fs, rel=0.05)
    assert abs(rec.meta["drift_ppm"]) <= 50
    last = rec.truth["sets"][0]["end_s"]
    assert rec.t_s[-1] > last


def test_same_seed_same_readings_other_seed_other_readings() -> None:
    a = simulate(RepScenario("barbell_row", 5, "bar", seed=11))
    b = simulate(RepScenario("barbell_row", 5, "bar", seed=11))
    c = simulate(RepScenario("barbell_row", 5, "bar", seed=12))
    np.testing.assert_array_equal(a.accel_lsb, b.accel_lsb)
    np.testing.assert_array_equal(a.t_s, b.t_s)
    assert a.truth == b.truth
    assert a.truth != c.truth


def test_bad_rate_or_range_names_the_valid_choices() -> None:
    with pytest.raises(ValueError, match="between 25 and 400"):
        simulate(RepScenario(), fs_hz=1000)
    with pytest.raises(ValueError, match="2, 4, 8, 16"):
        simulate(RepScenario(), range_g=3)


def test_skewed_segments_keep_their_ends_and_move_the_velocity_peak() -> None:
    t = np.linspace(0.0, 1.0, 2001)
    peaks = {}
    for shape in (0.6, 1.0, 1.6):
        w = KnotWriter(0.0, 0.0)
        w.move(1.0, 1.0, shape=shape)
        y = w.build().at(t)
        v = np.gradient(y, t)
        assert y[0] == 0.0
        assert y[-1] == pytest.approx(1.0)
        assert abs(v[0]) < 1e-2
        assert abs(v[-1]) < 1e-2
        assert np.all(np.diff(y) >= -1e-12)
        peaks[shape] = t[np.argmax(v)]
    assert peaks[1.0] == pytest.approx(0.5, abs=1e-3)
    assert peaks[1.6] < peaks[1.0] < peaks[0.6]


def test_the_idle_hand_of_a_one_arm_row_barely_moves() -> None:
    from firmware_sim import SetPlan, WorkoutScenario

    plans = (SetPlan("dumbbell_row", 8, side="left"), SetPlan("dumbbell_row", 8, side="right"))
    rec = simulate(WorkoutScenario(plans, sensor_side="left", seed=2, noise_g=0.0), sensor=CLEAN)
    spread = []
    for s in rec.truth["sets"]:
        keep = (rec.t_s >= s["start_s"]) & (rec.t_s <= s["end_s"])
        norm = np.linalg.norm(rec.accel_ms2[keep], axis=1)
        spread.append(np.percentile(norm, 95) - np.percentile(norm, 5))
    assert spread[1] < spread[0] / 4
    right = simulate(RepScenario("dumbbell_row", 8, side="right", seed=2, noise_g=0.0), sensor=CLEAN)
    (s,) = right.truth["sets"]
    keep = (right.t_s >= s["start_s"]) & (right.t_s <= s["end_s"])
    norm = np.linalg.norm(right.accel_ms2[keep], axis=1)
    assert np.percentile(norm, 95) - np.percentile(norm, 5) > spread[0] / 2  # worn on the working arm
