"""``Annotated`` dependency aliases: the long-lived objects live on ``app.state``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from server.config import Settings
from server.db import Store
from server.hub import LiveHub
from server.runner import WorkoutRunner


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_hub(request: Request) -> LiveHub:
    hub: LiveHub = request.app.state.hub
    return hub


def get_runner(request: Request) -> WorkoutRunner:
    runner: WorkoutRunner = request.app.state.runner
    return runner


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
HubDep = Annotated[LiveHub, Depends(get_hub)]
RunnerDep = Annotated[WorkoutRunner, Depends(get_runner)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
