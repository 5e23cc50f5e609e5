"""The shortcuts the stages take instead of numpy's and scipy's generic calls give their values,
bit for bit (compared as integers, so ±0 and NaN count too)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import ndimage, signal

from repcount.activity import _label_runs
from repcount.analytic import analytic_signal
from repcount.autocorr import circular_autocorrelation, local_maxima, rows_autocorrelation
from repcount.boundaries import _gradient
from repcount.cycles import _half_turn_on, _unwrap
from repcount.drift_anchors import JOINT_REACH_PERIODS, _chord, joints_at_zero
from repcount.filter import _median_surely_within, filter_bands, filter_valid_motion
from repcount.lobes import EDGE_FRAC
from repcount.polarity import _edge_symmetry
from repcount.pose import HOLD_SPEED_FRAC, RETURN_FRAC, held_share, returns_to_pose
from repcount.principal_axis import top_eigenvector, top_right_singular_vector
from repcount.rep_shape import SHAPE_POINTS, median_shape, rep_range, rep_shapes
from repcount.sos_filters import design_sos, filtfilt
from repcount.stats import column_means, median, median_along, norm
from repcount.summary import slowdown_pct
from repcount.swing import HALF_POINTS, _fit_residuals, _half_span


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    return (
        a.shape == b.shape and a.dtype == b.dtype and bool(np.array_equal(a.view(np.uint8), b.view(np.uint8)))
    )


@pytest.mark.parametrize("n", [1, 2, 3, 7, 64, 65, 97, 128, 1000, 2463, 2464, 4099])
def test_analytic_signal_is_scipy_hilbert(n: int) -> None:
    y = np.random.default_rng(n).normal(size=n)
    assert _same_bits(analytic_signal(y), signal.hilbert(y))


@pytest.mark.parametrize("seed", range(6))
def test_unwrap_is_numpys(seed: int) -> None:
    rng = np.random.default_rng(seed)
    p = np.angle(np.exp(1j * np.cumsum(rng.normal(0.1, 0.4 + seed, size=(2, 3000)), axis=1)))
    if seed % 2:
        p[:, ::7] = np.pi  # steps of exactly half a turn, both ways
        p[:, 3::7] = -np.pi
    assert _same_bits(_unwrap(p), np.unwrap(p, axis=-1))


@pytest.mark.parametrize("n", [1, 2, 9, 2500, 150_000])
@pytest.mark.parametrize("cols", [2, 3, 4])
def test_column_means_are_numpys(n: int, cols: int) -> None:
    rng = np.random.default_rng(n + cols)
    x = rng.standard_cauchy(size=(n, cols)) * 1e3 + 9.8
    assert _same_bits(column_means(x), x.mean(axis=0))
    f = np.asfortranarray(x)  # numpy sums such columns pairwise (other bits): its own path
    assert _same_bits(column_means(f), f.mean(axis=0))


@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 80), st.integers(1, 5)),
        elements=st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.5, np.nan]) | st.floats(-10, 10),
    ),
    st.integers(0, 1),
)
def test_median_along_is_numpys(x: np.ndarray, axis: int) -> None:
    with np.errstate(invalid="ignore"):
        want = np.median(x, axis=axis)
    assert _same_bits(median_along(x, axis), want)


def test_a_window_of_the_bands_is_the_filtered_window() -> None:
    rng = np.random.default_rng(4)
    t = np.arange(3000) / 50.0
    a = np.column_stack([np.sin(t), np.cos(0.7 * t), 9.8 + 0.3 * np.sin(2 * t)]) + rng.normal(
        0, 0.05, (3000, 3)
    )
    whole, bands = filter_valid_motion(t, a, fs_hz=50.0), filter_bands(t, a, fs_hz=50.0)
    for lo, hi in ((0, 3000), (200, 1700)):
        w, b = whole.window(lo, hi), bands.window(lo, hi)
        for name in (
            "t_s",
            "band_ms2",
            "motion_ms2",
            "cross_ms2",
            "hf_ms2",
            "magnitude_ms2",
            "axis",
            "mean_ms2",
        ):
            assert _same_bits(getattr(w, name), getattr(b, name)), name


@pytest.mark.parametrize("n", [1, 2, 5, 97, 1000, 2463, 4099])
def test_autocorrelation_and_its_peaks_are_numpys_and_scipys(n: int) -> None:
    x = np.random.default_rng(n).normal(size=n)
    nfft = 1 << int(np.ceil(np.log2(2 * n)))
    spec = np.fft.rfft(x, nfft)
    ac = circular_autocorrelation(x, nfft)
    assert _same_bits(ac, np.fft.irfft(spec * np.conj(spec), nfft))
    assert _same_bits(local_maxima(ac[: max(1, n // 2)]), signal.find_peaks(ac[: max(1, n // 2)])[0])
    flat = np.array([0.0, 1.0, 1.0, 1.0, 0.0, 2.0, 2.0, 0.0, 3.0])  # plateaus: their middles
    assert _same_bits(local_maxima(flat), signal.find_peaks(flat)[0])


@pytest.mark.parametrize("n", [2, 3, 8, 1000])
def test_gradient_is_numpys(n: int) -> None:
    rng = np.random.default_rng(n)
    x = rng.normal(size=n) * 10.0 ** rng.uniform(-5, 5, n)
    assert _same_bits(_gradient(x), np.gradient(x))


@pytest.mark.parametrize("seed", range(6))
def test_top_right_singular_vector_is_svds(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(40 + 90 * seed, 3)) * [3.0, 1.0, 0.2]
    assert _same_bits(top_right_singular_vector(x), np.linalg.svd(x, full_matrices=False)[2][0])
    flat = np.zeros((5, 3))  # no direction at all: numpy's values, whatever they are
    assert _same_bits(top_right_singular_vector(flat), np.linalg.svd(flat, full_matrices=False)[2][0])


@pytest.mark.parametrize("seed", range(8))
def test_rep_shapes_on_the_spans_alone_are_on_the_whole_signal(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y = np.cumsum(rng.normal(size=3000))
    a = rng.integers(0, 2900, 12)
    b = a + rng.integers(1, 100, 12)
    if seed % 2:
        a, b = a[:1], b[:1]  # one rep, as ``kept_reps`` asks at the set's edges
    where = a[:, None] + (b - a)[:, None] * np.linspace(0.0, 1.0, SHAPE_POINTS)
    z = np.interp(where, np.arange(y.shape[0]), y)
    z = z - np.add.reduce(z, axis=1, keepdims=True) / SHAPE_POINTS
    want = z / (np.sqrt(np.add.reduce(z * z, axis=1, keepdims=True)) + 1e-12)
    assert _same_bits(rep_shapes(y, a, b), want)


@pytest.mark.parametrize(("rows", "n"), [(1, 5), (3, 97), (3, 1000), (2, 2463)])
def test_rows_autocorrelation_is_numpys(rows: int, n: int) -> None:
    x = np.random.default_rng(n).normal(size=(rows, n))
    q = x - x.mean(axis=1, keepdims=True)
    nfft = 1 << int(np.ceil(np.log2(n + n // 2 + 1)))
    spec = np.fft.rfft(q, nfft)
    want = np.fft.irfft((spec.real**2 + spec.imag**2).sum(axis=0), nfft)
    assert _same_bits(rows_autocorrelation(q, nfft), want)
    assert _same_bits(rows_autocorrelation(q[:, 1:], nfft), rows_autocorrelation(q[:, 1:].copy(), nfft))


@given(
    arrays(np.float64, st.integers(1, 64), elements=st.floats(allow_nan=True, allow_infinity=True))
    | arrays(np.float64, st.integers(1, 64), elements=st.sampled_from([0.0, -0.0, 1.0, -1.0, np.inf]))
)
def test_median_is_numpys_with_nan_inf_and_zeros(x: np.ndarray) -> None:
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf, and two huge middle values
        want = float(np.median(x))
        got = median(x)
    assert got == want or (np.isnan(got) and np.isnan(want))  # the value (a median's ±0 is 0)


@pytest.mark.parametrize("columns", [1, 3, 8, 9, 12])
def test_filtfilt_of_columns_is_each_column_filtered(columns: int) -> None:
    x = np.random.default_rng(columns).normal(size=(500, columns))
    sos = design_sos(2, (4.0,), "highpass", 50.0)
    want = np.column_stack([filtfilt(sos, x[:, k]) for k in range(columns)])
    assert _same_bits(filtfilt(sos, x), want)


def _fit_residual_alone(r: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, float]:
    tt = float(np.sum(t * t))
    alpha = np.sum(r * t, axis=(1, 2)) / tt if tt > 0 else np.zeros(r.shape[0])
    return np.sum((r - alpha[:, None, None] * t) ** 2, axis=(1, 2)), tt


@pytest.mark.parametrize("seed", range(8))
def test_swing_fits_together_are_each_fit_alone(seed: int) -> None:
    rng = np.random.default_rng(seed)
    k, d = int(rng.integers(1, 25)), int(rng.integers(1, 4))
    r = rng.normal(size=(3, k, HALF_POINTS, d)) * 10 ** rng.uniform(-3, 3)
    t = rng.normal(size=(3, HALF_POINTS, d))
    t[1] = 0.0 if seed % 2 else t[1]  # a template with no energy: no scaling
    res, tot = _fit_residuals(r, t)
    for i in range(3):
        want, want_t = _fit_residual_alone(r[i], t[i])
        assert _same_bits(res[i], want)
        assert _same_bits(tot[i], np.float64(want_t))


@pytest.mark.parametrize("seed", range(6))
def test_edge_symmetry_and_template_are_numpys(seed: int) -> None:
    rng = np.random.default_rng(seed)
    pos = rng.normal(size=400)
    starts = np.sort(rng.choice(380, size=int(rng.integers(1, 9)), replace=False))
    turns, ends = starts + rng.integers(1, 10, starts.size), starts + rng.integers(10, 20, starts.size)
    edge = [0, -1]
    up, down = pos[turns[edge]] - pos[starts[edge]], pos[turns[edge]] - pos[ends[edge]]
    want = float(np.sum(np.clip(np.minimum(up, down), 0.0, None) / np.maximum(np.maximum(up, down), 1e-9)))
    assert _edge_symmetry(pos, starts, turns, ends) == want
    shapes = rng.normal(size=(int(rng.integers(1, 12)), 32))
    template = median_along(shapes, 0)
    assert _same_bits(median_shape(shapes), template / (np.linalg.norm(template) + 1e-12))
    rng_ = rep_range(pos, starts, turns, ends)
    up, down = pos[turns] - pos[starts], pos[turns] - pos[ends]
    mean = 0.5 * (up + down)
    mean[[0, -1]] = np.maximum(up[[0, -1]], down[[0, -1]])
    assert _same_bits(rng_, mean)


@pytest.mark.parametrize("seed", range(5))
def test_top_eigenvector_is_eighs(seed: int) -> None:
    x = np.random.default_rng(seed).normal(size=(300, 3)) * [1.0, 3.0, 0.2]
    cov = x.T @ x
    assert _same_bits(top_eigenvector(cov), np.linalg.eigh(cov)[1][:, -1])


def _held_alone(p: np.ndarray, s: int, e: int, fs: float) -> float:
    rep = p[s : e + 1]
    away = np.linalg.norm(rep - rep[0], axis=1)
    speed = np.linalg.norm(np.gradient(rep, axis=0), axis=1) * fs
    held = (away > 0.5 * away.max()) & (speed < HOLD_SPEED_FRAC * speed.max())
    return 0.0 if rep.shape[0] < 3 else np.count_nonzero(held) / rep.shape[0]


@pytest.mark.parametrize("seed", range(6))
def test_pose_checks_are_each_rep_alone(seed: int) -> None:
    rng = np.random.default_rng(seed)
    p = np.cumsum(rng.normal(size=(600, 3)), axis=0)
    starts = np.sort(rng.choice(560, size=int(rng.integers(1, 12)), replace=False))
    ends = np.minimum(starts + rng.integers(2, 80, starts.size), 599)
    if seed == 0:
        starts[0], ends[-1] = 0, 599  # reps at the window's two edges
    shares = held_share(p, starts, ends, 50.0)
    back = returns_to_pose(p, starts, ends)
    for j, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        away = np.linalg.norm(p[s : e + 1] - p[s], axis=1)
        assert bool(back[j]) == bool(away.max() <= 0 or away[-1] <= RETURN_FRAC * away.max())
        assert shares[j] == _held_alone(p, s, e, 50.0)


@given(
    arrays(np.float64, st.integers(3, 40), elements=st.sampled_from([1.0, 2.45, 2.5, 9.8, 39.2, 40.0, 41.0]))
    | arrays(np.float64, st.integers(3, 40), elements=st.floats(0.0, 60.0))
)
def test_a_median_surely_within_bounds_is_within_them(x: np.ndarray) -> None:
    lo, hi = 2.45, 39.2
    med = float(np.median(x))
    if _median_surely_within(x, lo, hi):
        assert lo <= med <= hi
    if not lo <= med <= hi:
        assert not _median_surely_within(x, lo, hi)


@pytest.mark.parametrize("seed", range(5))
def test_swing_angle_span_and_pose_distance_are_numpys(seed: int) -> None:
    rng = np.random.default_rng(seed)
    off = rng.normal(size=(1 + seed, 3 * HALF_POINTS, 3)) * 10.0 ** rng.integers(-3, 3)
    want = np.linalg.norm(np.ptp(off, axis=1), axis=1) / 2
    assert _same_bits(_half_span(off), want)
    for v in off[:, :, 0].T[:4]:
        assert _same_bits(np.float64(norm(v[:3])), np.float64(np.linalg.norm(v[:3])))


def _joints_one_at_a_time(
    v_raw: np.ndarray, v_placed: np.ndarray, anchors: np.ndarray, joints: np.ndarray, reach: float
) -> np.ndarray:
    """``drift_anchors.joints_at_zero`` as it was written before, one joint per loop step."""
    out = anchors.copy()
    if anchors.size < 3 or joints.size == 0:
        return out
    idx = np.arange(v_raw.size, dtype=np.float64)
    at = np.interp(anchors, idx, v_raw)
    for k in range(1, anchors.size - 1):
        if np.min(np.abs(joints - anchors[k])) > 0.5:
            continue
        lo, hi = int(np.ceil(anchors[k - 1])), int(np.floor(anchors[k + 1]))
        v = v_raw[lo : hi + 1] - np.interp(idx[lo : hi + 1], anchors[[k - 1, k + 1]], at[[k - 1, k + 1]])
        flips = np.flatnonzero(np.signbit(v[1:]) != np.signbit(v[:-1]))
        if flips.size == 0:
            continue
        cross = lo + flips + v[flips] / (v[flips] - v[flips + 1])
        near = cross[np.abs(cross - anchors[k]) <= reach]
        if near.size == 0:
            continue
        best = float(near[np.argmin(np.abs(near - anchors[k]))])
        i, w = round(best), int(reach / JOINT_REACH_PERIODS / 2)
        if abs(v_placed[i]) < EDGE_FRAC * np.max(np.abs(v_placed[max(0, i - w) : i + w + 1])):
            out[k] = best
    return np.sort(out)


@pytest.mark.parametrize("seed", range(8))
def test_joints_at_zero_together_are_each_joint_alone(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(40, 900))
    t = np.arange(n)
    period = rng.uniform(15, 60)
    wave = np.sin(2 * np.pi * t / period)
    v_raw = wave + 0.01 * t * rng.normal() + rng.normal(0, 0.05, n)
    # the velocity as placed: mostly the same lobes, else another track
    other = np.sin(2 * np.pi * t / 40) + rng.normal(0, 0.3, n)
    v_placed = wave + rng.normal(0, 0.05, n) if seed < 6 else other
    # anchors near the wave's zeros (where joints are), and a few anywhere
    zeros = np.arange(0.0, n - 1, period / 2)
    zeros += rng.uniform(-2, 2, zeros.size)
    extra = rng.uniform(0, n - 1, int(rng.integers(0, 6)))
    anchors = np.unique(np.clip(np.concatenate([zeros, extra, [0.0, n - 1.0]]), 0, n - 1))
    if seed % 2:  # anchors on whole samples, and two closer than one sample
        anchors = np.unique(np.concatenate([np.round(anchors), [anchors[1] + 0.25]]))
    joints = rng.choice(anchors, size=min(anchors.size, int(rng.integers(1, 20))))
    joints += rng.uniform(-0.6, 0.6, joints.size)
    for reach in (0.5, 3.0, rng.uniform(2, 40), 1e9):
        want = _joints_one_at_a_time(v_raw, v_placed, anchors, joints, reach)
        assert _same_bits(joints_at_zero(v_raw, v_placed, anchors, joints, reach), want)


@pytest.mark.parametrize("seed", range(4))
def test_the_joints_chord_is_numpys_interp(seed: int) -> None:
    rng = np.random.default_rng(seed)
    frac = rng.uniform(0, 1, (40, 2)) if seed % 2 else 0.0  # even seeds: ends on whole samples
    ends = np.sort(rng.integers(0, 500, (40, 2)) + frac, axis=1)
    ends[:, 1] += rng.uniform(0.5, 80, 40) * (ends[:, 0] == ends[:, 1])
    ya, yz = rng.normal(size=40) * 10.0 ** rng.integers(-3, 3, 40), rng.normal(size=40)
    lo, hi = np.ceil(ends[:, 0]).astype(np.intp), np.floor(ends[:, 1]).astype(np.intp)
    row = np.repeat(np.arange(40), np.maximum(hi - lo + 1, 0))
    x = np.concatenate([np.arange(a, z + 1, dtype=np.float64) for a, z in zip(lo, hi, strict=True)])
    want = np.concatenate(
        [np.interp(x[row == r], ends[r], [ya[r], yz[r]]) for r in range(40)]  # one row at a time
    )
    assert _same_bits(_chord(x, ends[:, 0], ends[:, 1], ya, yz, row), want)


@pytest.mark.parametrize("seed", range(6))
def test_the_phase_half_a_turn_on_is_numpys(seed: int) -> None:
    rng = np.random.default_rng(seed)
    angle = np.angle(rng.normal(size=5000) + 1j * rng.normal(size=5000))
    angle[:6] = [np.pi, -np.pi, 0.0, -0.0, np.nextafter(np.pi, 0.0), np.nextafter(-np.pi, 0.0)]
    assert _same_bits(_half_turn_on(angle), np.angle(np.exp(1j * (angle + np.pi))))
    out = np.empty_like(angle)
    assert _half_turn_on(angle, out=out) is out
    assert _same_bits(out, np.angle(np.exp(1j * (angle + np.pi))))


@given(arrays(np.bool_, st.integers(0, 300)))
def test_labelled_runs_are_ndimage_labels(mask: np.ndarray) -> None:
    labels, count = _label_runs(mask)
    want, want_count = ndimage.label(mask)
    assert count == want_count
    assert np.array_equal(labels, want)


@pytest.mark.parametrize("seed", range(6))
def test_the_slowdown_is_numpys_theil_sen_slope(seed: int) -> None:
    """``summary.slowdown_pct`` with ``stats.median``: the value ``np.median`` gave (ties, so
    slopes of exactly 0, and sets over 64 pairs, which take ``stats.median``'s sorting path,
    included)."""
    rng = np.random.default_rng(seed)
    for n in range(40):
        conc = np.round(rng.uniform(0.3, 2.0, n), 1 + seed % 3)
        i, j = np.triu_indices(n, 1)
        mid = float(np.median(conc)) if n else 0.0
        slope = float(np.median((conc[j] - conc[i]) / (j - i))) if n >= 2 else 0.0
        want = 0.0 if n < 2 or mid <= 0 else 100.0 * slope * (n - 1) / mid
        assert _same_bits(np.float64(slowdown_pct(conc)), np.float64(want))
