"""Fixtures for the sensors tests; ``sensors_testkit`` and ``fake_bleak`` sit beside this file.

``bluez_bus`` starts a private ``dbus-daemon`` with BlueZoo (a user-space BlueZ mock) serving
``org.bluez`` on it with two virtual adapters, and makes it this process's system bus.
"""

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sensors_testkit import ZOO_ARGS


def _wait_for(proc: subprocess.Popen[str], log: Path, text: str, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and proc.poll() is None:
        if text in log.read_text(encoding="utf-8"):
            return
        time.sleep(0.05)
    raise RuntimeError(f"BlueZoo did not report {text!r} in {timeout_s} s: {log.read_text(encoding='utf-8')}")


@pytest.fixture
def bluez_bus(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A private bus with BlueZoo's org.bluez on it, set as this process's system bus."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("needs Debian's dbus-daemon (apt-get install dbus-daemon)")
    pytest.importorskip("bluezoo")
    bus = subprocess.Popen(
        [daemon, "--session", "--print-address=1", "--nofork", "--nopidfile"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
    env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": address}
    log = tmp_path / "bluezoo.log"
    with log.open("w", encoding="utf-8") as log_fh:
        zoo = subprocess.Popen(
            [sys.executable, "-c", "from bluezoo.bluezoo import main; main()", "--auto-enable", *ZOO_ARGS],
            env=env,
            stderr=log_fh,
            text=True,
        )
    try:
        _wait_for(zoo, log, "Adding adapter[1]")
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", address)
        yield log
    finally:
        for proc in (zoo, bus):
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            for pipe in (proc.stdout, proc.stderr):
                if pipe is not None:
                    pipe.close()
