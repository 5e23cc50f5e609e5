"""Shared fixtures and options: ``--sensor-address`` for real hardware, the real-data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--sensor-address",
        default=None,
        help="BLE address or name of a real OpenRep sensor; hardware tests skip without it",
    )


@pytest.fixture
def sensor_address(request: pytest.FixtureRequest) -> str:
    address = request.config.getoption("--sensor-address")
    if not address:
        pytest.skip("needs a real sensor: pass --sensor-address ADDRESS")
    return str(address)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The labelled real recordings beside the project (never copied into it)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real recordings not found at {SHARED_DATA} (clone the project beside ../shared)")
    return SHARED_DATA
