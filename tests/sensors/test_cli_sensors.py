"""``repcount record`` (simulated sensor) and ``repcount import`` end to end, through ``cli.main``."""

import sys
from pathlib import Path

import numpy as np
import pytest

from cli.main import main
from sensors import read_recording


def test_record_sim_writes_a_readable_recording(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sim.csv"
    assert main(["record", "--sensor", "sim", "--speed", "0", "--seconds", "3", "--out", str(out)]) == 0
    rec = read_recording(out)
    assert rec.t_s[-1] >= 3.0
    assert rec.gyro_rads is not None
    assert rec.meta["sensor"].startswith("OpenRep-")
    assert rec.dropped_rows == 0
    norm = np.median(np.linalg.norm(rec.accel_ms2, axis=1))
    assert norm == pytest.approx(9.81, rel=0.1)
    err = capsys.readouterr().err
    assert "samples" in err
    assert "battery" in err


def test_import_generic_then_read_back(tmp_path: Path) -> None:
    src = tmp_path / "phone.csv"
    src.write_text("ms,x,y,z\n0,0,0,1\n20,0,0,1\n10,0,1,0\n", encoding="utf-8")
    out = tmp_path / "out.csv.gz"
    argv = ["import", "generic", str(src), "--map", "t=ms,ax=x,ay=y,az=z", "--time-unit", "ms"]
    assert main([*argv, "--accel-unit", "g", "--out", str(out)]) == 0
    rec = read_recording(out)
    np.testing.assert_allclose(rec.t_s, [0, 0.01, 0.02])
    np.testing.assert_allclose(rec.accel_ms2[1], [0, 9.80665, 0])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["record", "--sensor", "sim", "--out", "x.txt"], "should end in .csv"),
        (["import", "polar", "missing.txt", "--out", "y.csv"], "no such file"),
        (["scan", "--seconds", "0"], "--seconds must be above 0"),
    ],
)
def test_mistakes_exit_2_with_a_hint(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_import_generic_needs_a_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "p.csv"
    src.write_text("a,b,c,d\n0,0,0,1\n1,0,0,1\n", encoding="utf-8")
    assert main(["import", "generic", str(src), "--out", str(tmp_path / "o.csv")]) == 2
    assert "--map" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_import_metamotion_real_file(shared_data: Path, tmp_path: Path) -> None:
    folder = shared_data / "ebbelaar-barbell" / "data"
    accel = sorted(folder.glob("*Accelerometer*.csv"))[0]
    gyro = Path(str(accel).replace("Accelerometer_12.500Hz", "Gyroscope_25.000Hz"))
    out = tmp_path / "mm.csv"
    assert main(["import", "metamotion", str(accel), str(gyro), "--out", str(out)]) == 0
    rec = read_recording(out)
    assert rec.gyro_rads is not None
    assert rec.fs_hz == pytest.approx(12.5, rel=0.05)


@pytest.mark.skipif(sys.platform != "linux", reason="BlueZ over D-Bus is the Linux backend")
def test_scan_without_a_bluetooth_stack_says_what_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path / 'no-such-bus'}")
    assert main(["scan", "--seconds", "0.5"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the Bluetooth stack" in err
    assert "bluetoothd" in err
