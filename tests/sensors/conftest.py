"""Fixtures for the sensors tests; ``sensors_testkit`` (synthetic encoders, emulated links) sits beside it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
