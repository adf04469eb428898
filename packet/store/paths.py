"""Where Packet keeps the user's own files (templates, profiles): the platform's user data folder.

PACKET_DATA_DIR overrides it (tests, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    env = os.environ.get("PACKET_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir("Packet", appauthor=False))


def user_profiles_dir() -> Path:
    return data_dir() / "profiles"

