"""A set's verdict against its prescription, and double-progression advice."""

from repcount import Rep, SetAnalysis, summarise_set
from server.routine import Prescription
from server.verdict import SetRecord, advise_overload, judge_set


def _rep(i: int, flags: tuple[str, ...] = (), ecc: float = 2.0, conc: float = 1.0) -> Rep:
    return Rep(i * 4.0, i * 4.0 + 3.0, ecc, 0.0, conc, 0.0, flags=flags)


def _set(
    n: int, *, flags: dict[int, tuple[str, ...]] | None = None, partial: int = 0, ecc: float = 2.0
) -> SetAnalysis:
    flags = flags or {}
    reps = tuple(_rep(i, flags.get(i, ()), ecc=ecc) for i in range(n))
    partials = tuple(_rep(100 + i, ("partial",)) for i in range(partial))
    return SetAnalysis("pull_up", 0.0, n * 4.0, reps, partial_reps=partials)


PULL = Prescription("pull_up", 4, 8, 10, tempo_s=(2.0, 0.0, 1.0, 0.0), rest_s=90.0)


def test_range_under_in_over() -> None:
    assert judge_set(_set(7), PULL).range == "under"
    assert judge_set(_set(8), PULL).range == "in"
    assert judge_set(_set(10), PULL).range == "in"
    assert judge_set(_set(11), PULL).range == "over"


def test_momentum_partial_and_message() -> None:
    v = judge_set(_set(9, flags={3: ("swing",), 5: ("fast_concentric",)}, partial=2), PULL)
    assert (v.momentum_count, v.flagged_count, v.partial_count) == (1, 2, 2)
    assert v.message == "9 reps: within 8–10; 1 with momentum; 2 partial"


def test_the_line_reads_the_count_against_its_range_or_its_fixed_target() -> None:
    assert judge_set(_set(7), PULL).message == "7 reps: below 8–10"
    assert judge_set(_set(11), PULL).message == "11 reps: above 8–10"
    twelve = Prescription("lat_pulldown", 3, 12, 12)
    assert judge_set(_set(12), twelve).message == "12 reps: on target"
    assert judge_set(_set(1), twelve).message == "1 rep: below the 12 prescribed"
    assert judge_set(_set(13), twelve).message == "13 reps: above the 12 prescribed"


def test_tempo_against_target() -> None:
    assert judge_set(_set(8), PULL).tempo == {
        "eccentric": "on",
        "pause_bottom": "on",
        "concentric": "on",
        "pause_top": "on",
    }
    v = judge_set(_set(8, ecc=0.5), PULL)
    assert v.tempo["eccentric"] == "fast"
    assert "eccentric too fast" in v.message
    assert judge_set(_set(8), Prescription("pull_up", 4, 8, 10)).tempo == {}


def test_rest_against_prescription() -> None:
    assert judge_set(_set(8), PULL).rest is None
    assert judge_set(_set(8), PULL, rest_taken_s=40).rest == "short"
    assert judge_set(_set(8), PULL, rest_taken_s=95).rest == "ok"
    assert judge_set(_set(8), PULL, rest_taken_s=400).rest == "long"


def test_double_progression() -> None:
    top = [SetRecord(10, 0, 0)] * 4
    assert advise_overload("pull_up", PULL, top).action == "increase"
    loaded = Prescription("pull_up", 4, 8, 10, load_kg=20.0)
    assert advise_overload("pull_up", loaded, top).next_load_kg == 22.5
    assert advise_overload("pull_up", PULL, [*top[:3], SetRecord(10, 1, 0)]).action == "stay"
    assert advise_overload("pull_up", PULL, [*top[:3], SetRecord(9, 0, 0)]).action == "stay"
    assert advise_overload("pull_up", PULL, top[:3]).action == "stay"
    assert advise_overload("pull_up", PULL, [SetRecord(10, 0, 0, slowdown_pct=50.0)] * 4).action == "stay"
    assert advise_overload("pull_up", PULL, [SetRecord(5, 0, 0)] * 4).action == "decrease"
    assert advise_overload("pull_up", PULL, []).action == "stay"


def test_the_clean_up_advice_names_only_what_there_was() -> None:
    top = [SetRecord(10, 0, 0)] * 3
    one = advise_overload("pull_up", PULL, [*top, SetRecord(10, 1, 0)])
    assert one.reason == "1 momentum rep: clean them up first"
    both = advise_overload("pull_up", PULL, [*top, SetRecord(10, 3, 2)])
    assert both.reason == "3 momentum reps and 2 partial reps: clean them up first"
    assert advise_overload("pull_up", PULL, [*top, SetRecord(10, 0, 2)]).reason.startswith("2 partial reps:")


def test_a_ground_out_last_rep_shows_in_the_verdict_line() -> None:
    reps = tuple(_rep(i, conc=2.5 if i == 8 else 1.0) for i in range(9))
    summary = summarise_set(reps)
    assert summary.last_rep_grind
    v = judge_set(SetAnalysis("pull_up", 0.0, 36.0, reps, summary=summary), PULL)
    assert v.message == "9 reps: within 8–10; last rep ground out"
    assert "ground out" not in judge_set(_set(9), PULL).message


def test_a_ground_out_last_rep_at_the_top_of_the_range_stays_at_the_load() -> None:
    top = [SetRecord(10, 0, 0)] * 4
    advice = advise_overload("pull_up", PULL, [*top[:2], SetRecord(10, 0, 0, last_rep_grind=True), top[3]])
    assert advice.action == "stay"
    assert "last rep ground out (set 3" in advice.reason
    # a grind below the top of the range: adding reps comes first, as before
    below = advise_overload("pull_up", PULL, [*top[:3], SetRecord(9, 0, 0, last_rep_grind=True)])
    assert below.reason == "add reps until every set reaches 10"
