"""Polar Sensor Logger and generic-CSV imports, on small synthetic files written here."""

import math
from pathlib import Path

import numpy as np
import pytest

from sensors import GRAVITY_MS2, RecordingError, parse_column_map, read_generic_csv, read_polar_logger

ACC_HEADER = "Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]\n"
GYRO_HEADER = "Phone timestamp;sensor timestamp [ns];X [dps];Y [dps];Z [dps]\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_polar_logger_acc_and_gyro(tmp_path: Path) -> None:
    # synthetic: 52 Hz-ish rows (19.2 ms), one repeated, one out of order, one broken
    acc = _write(
        tmp_path / "Polar_Sense_ACC.txt",
        ACC_HEADER
        + "2024-01-01T10:00:00.000;1000000000;0;0;1000\n"
        + "2024-01-01T10:00:00.050;1038400000;0;1000;0\n"
        + "2024-01-01T10:00:00.050;1019200000;1000;0;0\n"
        + "2024-01-01T10:00:00.050;1019200000;5;5;5\n"
        + "2024-01-01T10:00:00.050;1057600000;0;0;-1000\n"
        + "2024-01-01T10:00:00.090;1076800000;0;0\n",
    )
    gyro = _write(
        tmp_path / "Polar_Sense_GYRO.txt",
        GYRO_HEADER + "x;1000000000;0;0;0\nx;1057600000;90;0;0\n",
    )
    rec = read_polar_logger(acc, gyro)
    np.testing.assert_allclose(rec.t_s, [0, 0.0192, 0.0384, 0.0576], atol=1e-9)
    np.testing.assert_allclose(rec.accel_ms2[1], [GRAVITY_MS2, 0, 0])
    assert rec.dropped_rows == 1
    assert rec.gyro_rads is not None
    np.testing.assert_allclose(rec.gyro_rads[:, 0], np.array([0, 30, 60, 90]) * math.pi / 180, atol=1e-9)
    assert rec.fs_hz == pytest.approx(52.083, abs=0.01)


def test_polar_logger_rejects_other_files(tmp_path: Path) -> None:
    with pytest.raises(RecordingError, match="not a Polar Sensor Logger export"):
        read_polar_logger(_write(tmp_path / "a.txt", "t,ax,ay,az\n0,0,0,1\n0.1,0,0,1\n"))
    gyro = _write(tmp_path / "g.txt", GYRO_HEADER + "x;1;0;0;0\nx;2;0;0;0\n")
    with pytest.raises(RecordingError, match="gyroscope file"):
        read_polar_logger(gyro)


def test_generic_csv_with_column_map_units_and_dirty_rows(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "phone.csv",
        "time_ms,accX,accY,accZ,gyroX,gyroY,gyroZ,label\n"
        "5000,0,0,1,0,0,0,rest\n"
        "5020,0,0,1,180,0,0,rest\n"
        "5010,1,0,0,0,0,0,rest\n"
        "5010,1,1,1,0,0,0,dup\n"
        "5030,oops,0,1,0,0,0,bad\n"
        "5040,0,-1,0,0,0,-90,rest\n",
    )
    cmap = parse_column_map("t=time_ms, ax=accX, ay=accY, az=accZ, gx=gyroX, gy=gyroY, gz=gyroZ")
    rec = read_generic_csv(path, columns=cmap, time_unit="ms", accel_unit="g", gyro_unit="deg/s")
    np.testing.assert_allclose(rec.t_s, [0, 0.01, 0.02, 0.04])
    np.testing.assert_allclose(rec.accel_ms2[1], [GRAVITY_MS2, 0, 0])
    assert rec.gyro_rads is not None
    np.testing.assert_allclose(rec.gyro_rads[2, 0], math.pi)
    assert rec.dropped_rows == 2


def test_generic_csv_iso_times_and_semicolons(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "x.csv",
        "when;a;b;c\n2024-01-01T10:00:00.000+00:00;0;0;9.8\n2024-01-01T10:00:00.040+00:00;0;0;9.8\n",
    )
    rec = read_generic_csv(path, columns={"t": "when", "ax": "a", "ay": "b", "az": "c"}, time_unit="iso")
    np.testing.assert_allclose(rec.t_s, [0, 0.04], atol=1e-6)
    assert rec.gyro_rads is None


@pytest.mark.parametrize(
    ("cmap", "kwargs", "message"),
    [
        ({"t": "time_ms", "ax": "accX"}, {}, "needs ay, az"),
        ({"t": "time_ms", "ax": "accX", "ay": "accY", "az": "nope"}, {}, "no column named 'nope'"),
        ({"t": "time_ms", "ax": "accX", "ay": "accY", "az": "accZ", "gx": "gyroX"}, {}, "all three"),
        ({"t": "time_ms", "ax": "accX", "ay": "accY", "az": "accZ"}, {"accel_unit": "furlongs"}, "unit"),
        ({"t": "time_ms", "ax": "accX", "ay": "accY", "az": "accZ", "q": "x"}, {}, "unknown keys q"),
    ],
)
def test_generic_csv_mistakes_say_what_to_do(
    tmp_path: Path, cmap: dict[str, str], kwargs: dict[str, str], message: str
) -> None:
    path = _write(tmp_path / "p.csv", "time_ms,accX,accY,accZ,gyroX\n0,0,0,1,0\n10,0,0,1,0\n")
    with pytest.raises(RecordingError, match=message):
        read_generic_csv(path, columns=cmap, **kwargs)
    with pytest.raises(RecordingError, match="should look like"):
        parse_column_map("t=time,ax")
