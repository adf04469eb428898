"""The package list in pyproject.toml is complete, so an installed Packet has every module (a new subpackage
that is not listed would be left out of the wheel without any error)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_for_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "packet").rglob("__init__.py")}
    listed = set(config["packages"])
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - on_disk == {"packet.resources"}
    assert config["package-dir"] == {"packet.resources": "resources"}
    assert config["package-data"]["packet.resources"] == ["*", "**/*"]
