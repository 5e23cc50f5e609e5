"""A physics-based wearable IMU and the firmware that speaks the OpenRep profile, with ground truth."""

__all__: list[str] = []
