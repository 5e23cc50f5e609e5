"""Each package's front door: ``__all__`` is sorted, complete and importable (httpx style)."""

import importlib

import pytest

PACKAGES = ["sensors", "repcount", "firmware_sim", "server"]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_sorted_and_public_namespace_matches(name: str) -> None:
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported, key=lambda s: (not s.isupper(), s))
    public = {
        n for n, v in vars(module).items() if not n.startswith("_") and not isinstance(v, type(importlib))
    }
    assert public == set(exported)


def test_repcount_and_sensors_stay_free_of_web_and_radio_imports() -> None:
    import subprocess
    import sys

    code = (
        "import sys, repcount, sensors, firmware_sim;"
        "bad=[m for m in ('fastapi','pydantic','bleak','sqlalchemy','starlette') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
