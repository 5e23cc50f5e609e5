"""MetaMotion import: synthetic files written here, then the real ones beside the project."""

from pathlib import Path

import numpy as np
import pytest

from sensors import GRAVITY_MS2, RecordingError, read_metamotion

HEADER_A = "epoch (ms),time (01:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)\n"
HEADER_G = "epoch (ms),time (01:00),elapsed (s),x-axis (deg/s),y-axis (deg/s),z-axis (deg/s)\n"


def _write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_units_alignment_duplicates_and_truncated_line(tmp_path: Path) -> None:
    # synthetic: 4 accel rows at 80 ms, one duplicated timestamp, one out of order, one cut short
    acc = _write(
        tmp_path / "a.csv",
        HEADER_A,
        [
            "1000,x,0,0,0,1",
            "1160,x,0,0,1,0",
            "1080,x,0,1,0,0",
            "1080,x,0,9,9,9",
            "1240,x,0,0,0,-1",
            "1320,x,0,0.5",
        ],
    )
    gyr = _write(tmp_path / "g.csv", HEADER_G, ["1000,x,0,0,0,0", "1240,x,0,180,0,0"])
    rec = read_metamotion(acc, gyr)
    np.testing.assert_allclose(rec.t_s, [0.0, 0.08, 0.16, 0.24])
    np.testing.assert_allclose(rec.accel_ms2[1], [GRAVITY_MS2, 0, 0])  # first of the duplicates kept
    np.testing.assert_allclose(rec.accel_ms2[0], [0, 0, GRAVITY_MS2])
    assert rec.dropped_rows == 1
    # gyro 0 → 180 deg/s over 240 ms, read at 80 ms: π/3 rad/s
    assert rec.gyro_rads is not None
    np.testing.assert_allclose(rec.gyro_rads[1, 0], np.pi / 3)
    assert rec.fs_hz == pytest.approx(12.5)


def test_not_a_metamotion_file_says_so(tmp_path: Path) -> None:
    bad = _write(tmp_path / "b.csv", "t,ax,ay,az\n", ["0,0,0,1", "0.1,0,0,1"])
    with pytest.raises(RecordingError, match="not a MetaMotion export"):
        read_metamotion(bad)


def test_real_recordings_read_at_12_5_hz_with_gravity_norm(shared_data: Path) -> None:
    folder = shared_data / "ebbelaar-barbell" / "data"
    accel_files = sorted(folder.glob("*Accelerometer*.csv"))
    assert len(accel_files) >= 50
    for accel in accel_files[:10]:
        gyro = Path(str(accel).replace("Accelerometer_12.500Hz", "Gyroscope_25.000Hz"))
        rec = read_metamotion(accel, gyro)
        assert np.all(np.diff(rec.t_s) > 0)
        assert rec.fs_hz == pytest.approx(12.5, rel=0.05)
        norm = np.median(np.linalg.norm(rec.accel_ms2, axis=1))
        assert norm == pytest.approx(GRAVITY_MS2, rel=0.1)
