"""Fixtures for the filing tests. Every test gets its own PACKET_DATA_DIR, so user profiles on the machine never
leak in (and the tests never write into the real user folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import run_cli


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    """The user's data folder for this test (where user profiles live)."""
    d = tmp_path / "userdata"
    monkeypatch.setenv("PACKET_DATA_DIR", str(d))
    return d


@pytest.fixture
def cli():
    return run_cli
