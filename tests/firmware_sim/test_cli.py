"""``repcount simulate`` and ``repcount gallery`` end to end, through the real dispatcher."""

import json
from pathlib import Path

import numpy as np
import pytest

from cli.main import main
from sensors.recording import read_recording


def test_simulate_writes_csv_and_truth_readable_by_the_recording_reader(tmp_path: Path) -> None:
    out = tmp_path / "pull.csv"
    argv = ["simulate", "--exercise", "pull_up", "--reps", "8", "--sets", "2", "--rest", "20"]
    assert main([*argv, "--faults", "7:kip,2/8:partial", "--seed", "3", "--out", str(out)]) == 0
    rec = read_recording(out)
    assert rec.gyro_rads is not None
    assert rec.fs_hz == 100.0
    assert rec.dropped_rows == 0
    norms = np.linalg.norm(rec.accel_ms2[:50], axis=1)
    assert np.median(norms) == pytest.approx(9.81, abs=0.3)
    truth = rec.truth
    assert truth is not None
    s1, s2 = truth["sets"]
    assert [len(s1["reps"]), len(s2["reps"])] == [8, 7]
    assert s1["reps"][6]["flags"] == ["kip"]
    assert s2["partial_reps"][0]["rep"] == 8
    assert s2["start_s"] - s1["end_s"] > 13
    meta = json.loads((tmp_path / "pull.json").read_text())
    assert meta["placement"] == "wrist"
    assert meta["exercise"] == "pull_up"


def test_simulate_can_end_every_set_in_a_grinding_last_rep(tmp_path: Path) -> None:
    out = tmp_path / "row.csv"
    argv = ["simulate", "--exercise", "barbell_row", "--placement", "bar", "--reps", "6", "--sets", "2"]
    assert main([*argv, "--rest", "20", "--fs", "50", "--grind-last", "--out", str(out)]) == 0
    truth = read_recording(out).truth
    assert truth is not None
    for s in truth["sets"]:
        assert s["grind_last"] is True
        assert [r.get("grind") is not None for r in s["reps"]] == [False] * 5 + [True]
        assert 1.6 <= s["reps"][-1]["grind"] <= 2.5


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    args = ["simulate", "--exercise", "dumbbell_row", "--side", "right", "--reps", "6", "--fs", "50"]
    for run, seed in (("a", "9"), ("b", "9"), ("c", "10")):  # gzip stores the file name: keep it equal
        assert main([*args, "--seed", seed, "--out", str(tmp_path / run / "x.csv.gz")]) == 0
    assert (tmp_path / "a/x.csv.gz").read_bytes() == (tmp_path / "b/x.csv.gz").read_bytes()
    assert (tmp_path / "a/x.json").read_bytes() == (tmp_path / "b/x.json").read_bytes()
    assert (tmp_path / "a/x.csv.gz").read_bytes() != (tmp_path / "c/x.csv.gz").read_bytes()


def test_accel_only_and_default_routine(tmp_path: Path) -> None:
    out = tmp_path / "day.csv"
    args = ["simulate", "--exercise", "default_routine", "--rest", "5", "--fs", "25", "--no-gyro"]
    assert main([*args, "--out", str(out)]) == 0
    assert out.read_text().splitlines()[0] == "t,ax,ay,az"
    truth = read_recording(out).truth
    assert truth is not None
    assert len(truth["sets"]) == 23


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--exercise", "pullup"], "choose one of: default_routine, barbell_row"),
        (["--exercise", "pull_up", "--placement", "bar"], "choose one of: wrist"),
        (["--exercise", "squat", "--placement", "ankle"], "choose one of: bar, handle, wrist"),
        (["--exercise", "squat", "--fs", "1000"], "between 25 and 400"),
        (["--exercise", "squat", "--reps", "0"], "at least 1"),
        (["--exercise", "squat", "--sets", "0"], "at least 1"),
        (["--exercise", "squat", "--faults", "3:cheat"], "choose one of: fast_concentric, jerky"),
        (["--exercise", "squat", "--faults", "three:kip"], "REP:FAULT"),
        (["--exercise", "squat", "--reps", "5", "--faults", "6:kip"], "reps 1..5"),
        (["--exercise", "squat", "--faults", "3/2:kip"], "set number must be 1..1"),
        (["--exercise", "squat", "--range-g", "3"], "2, 4, 8, 16"),
        (["--exercise", "squat", "--tempo", "2,1"], "four numbers"),
        (["--exercise", "squat", "--side", "middle"], "left or right"),
        (["--reps", "3"], "--exercise is required"),
    ],
)
def test_bad_arguments_name_the_valid_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    out = tmp_path / "x.csv"
    assert main(["simulate", *extra, "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_out_must_be_a_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--exercise", "squat", "--out", str(tmp_path / "x.txt")]) == 2
    assert ".csv or .csv.gz" in capsys.readouterr().err


def test_gallery_writes_one_png_per_exercise(tmp_path: Path) -> None:
    assert (
        main(
            ["gallery", "--out", str(tmp_path), "--exercise", "pull_up", "--exercise", "squat", "--fs", "50"]
        )
        == 0
    )
    for name in ("pull_up", "squat"):
        data = (tmp_path / f"{name}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(data) > 10_000


def test_gallery_plots_a_real_recording_beside(tmp_path: Path, shared_data: Path) -> None:
    assert (
        main(["gallery", "--out", str(tmp_path), "--exercise", "bench_press", "--real", str(shared_data)])
        == 0
    )
    assert (tmp_path / "bench_press.png").stat().st_size > 10_000


def test_gallery_rejects_unknown_exercise(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gallery", "--out", str(tmp_path), "--exercise", "curl"]) == 2
    assert "choose one of" in capsys.readouterr().err
