"""The FastAPI app: routines, workouts, the live hub and the phone page. No signal math here."""

__all__: list[str] = []
