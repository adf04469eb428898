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


def cache_dir() -> Path:
    """What Packet can always compute again (which documents were verified): `cache` under PACKET_DATA_DIR when
    that is set, else the platform's user cache folder."""
    env = os.environ.get("PACKET_DATA_DIR")
    return Path(env) / "cache" if env else Path(platformdirs.user_cache_dir("Packet", appauthor=False))


def user_profiles_dir() -> Path:
    return data_dir() / "profiles"

