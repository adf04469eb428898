"""The wheel works on its own: built from this checkout and installed (not editable) into a fresh virtual
environment outside the project, `packet templates` lists the built-in templates from the packaged resources, and
the sample packet is made and built into a PDF.

Offline: the wheel is built with the project's own setuptools, installed without an index, and the fresh
environment borrows the project environment's dependencies (PySide6, pypdf, ...) through a .pth file, so nothing
is downloaded. It takes a few seconds; `make wheel-check` runs it alone (pytest -m wheel).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
HANG_GUARD_S = 600

pytestmark = [pytest.mark.wheel, pytest.mark.slow]


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=HANG_GUARD_S)
    assert done.returncode == 0, f"{cmd}: {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def test_installed_wheel_lists_templates_and_builds_the_sample(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PACKET_RESOURCES", "VIRTUAL_ENV")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONNOUSERSITE="1",
               PACKET_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist, ROOT], tmp_path, env)
    [wheel] = dist.glob("packet-*.whl")
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path, env)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", wheel], tmp_path, env)
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path,
                    env).stdout.strip())
    (site / "_packet_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")  # the dependencies

    where = tmp_path / "elsewhere"
    where.mkdir()
    found = run([python, "-c", "import packet, packet.core.resources as r; print(packet.__file__); "
                 "print(r.resources_dir())"], where, env).stdout.split()
    assert Path(found[0]).is_relative_to(site), found  # the installed copy, not this checkout
    assert Path(found[1]) == site / "packet" / "resources"

    listed = run([venv / "bin" / "packet", "templates"], where, env).stdout
    assert "Built-in templates:" in listed and "opla-pd-request" in listed and "ice-stay-of-removal" in listed

    run([python, "-m", "packet.sample", where / "Sample.packet"], where, env)
    run([venv / "bin" / "packet", "build", where / "Sample.packet", "-o", where / "sample.pdf", "--quiet"], where,
        env)
    reader = PdfReader(where / "sample.pdf")
    assert len(reader.pages) > 10
    assert "NÚÑEZ" in reader.pages[0].extract_text().upper()  # the cover, drawn with the packaged font
