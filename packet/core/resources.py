"""Where the bundled resources live (factor list, templates, fonts)."""

from __future__ import annotations

import os
from pathlib import Path


def resources_dir() -> Path:
    """The resources folder: `packet/resources` when installed (the wheel ships the top-level `resources/` there),
    `resources/` beside the package in a checkout, or as set by PACKET_RESOURCES (frozen builds)."""
    env = os.environ.get("PACKET_RESOURCES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent  # packet/
    for candidate in (here / "resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Packet's resources folder is missing; reinstall Packet")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
