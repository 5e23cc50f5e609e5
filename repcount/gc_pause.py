"""Python's cyclic garbage collector held off while one analysis runs."""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` with the cyclic collector off while it runs (on again after, if it was on).

    An analysis allocates tens of thousands of short-lived containers (array views, tuples,
    dataclasses) that reference counting frees at once; their count alone triggers the
    collector, which then traverses every tracked object of the process (numpy's and scipy's
    included) several times per call: 8-18 % of ``analyze_recording``'s time on the offline
    bench. Garbage cycles, if any, wait for the first collection after the call. The results do
    not depend on it. Calls from several threads leave it as it was: only the call that turned
    it off turns it on again.
    """

    @wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return run
