"""A physics-based wearable IMU and the firmware that speaks the OpenRep profile, with ground truth.

``simulate(RepScenario(...))`` gives a ``SimRecording`` (readings + truth); ``FirmwareDevice``
serves it byte for byte as the OpenRep BLE profile (``specs/openrep-imu.md``).
"""

from firmware_sim.device import FirmwareDevice
from firmware_sim.errors import AttError, DeviceDisconnected
from firmware_sim.faults import LinkFaults
from firmware_sim.moves import SIM_EXERCISES, placements_for
from firmware_sim.scenario import RepScenario, SetPlan, WorkoutScenario, default_workout_scenario
from firmware_sim.sensor import RANGES_G, SAMPLE_RATES_HZ, SensorSpec, SimRecording
from firmware_sim.simulate import simulate

__all__ = [
    "RANGES_G",
    "SAMPLE_RATES_HZ",
    "SIM_EXERCISES",
    "AttError",
    "DeviceDisconnected",
    "FirmwareDevice",
    "LinkFaults",
    "RepScenario",
    "SensorSpec",
    "SetPlan",
    "SimRecording",
    "WorkoutScenario",
    "default_workout_scenario",
    "placements_for",
    "simulate",
]
