"""Helpers for the filing tests: the CLI as a function, generated source files, user profiles."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from packet.core.resources import resource

RESPONDENT = "Ana Lopez"
A_NUMBER = "A-123-456-789"
CAPTION = f"In the Matter of {RESPONDENT} ({A_NUMBER})"


def run_cli(*argv) -> tuple[int, str, str]:
    """`packet ARGV...` in-process: (exit code, stdout, stderr)."""
    import contextlib

    from packet.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main([str(a) for a in argv])
    return rc, out.getvalue(), err.getvalue()


def check_json(packet_path, *extra) -> tuple[int, dict]:
    rc, out, err = run_cli("check", packet_path, "--json", *extra)
    assert rc in (0, 1), (rc, out, err)
    return rc, json.loads(out)


def codes(report: dict) -> dict[str, list[dict]]:
    """Findings of a `packet check --json` report by code."""
    out: dict[str, list[dict]] = {}
    for f in report["findings"]:
        out.setdefault(f["code"], []).append(f)
    return out


# -- source files ---------------------------------------------------------------------------------------------

def text_pdf(path: Path, markers: list[str], pagesize=None) -> Path:
    """A PDF with one page per marker; each page carries its marker word as real text."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    w, h = pagesize or letter
    c = canvas.Canvas(str(path), pagesize=(w, h), invariant=1)
    for m in markers:
        c.setFont("Helvetica", 14)
        c.drawString(72, h - 100, m)
        c.showPage()
    c.save()
    return path


def noise_pages(n: int, size=(850, 1100)):
    from PIL import Image

    w, h = size
    return [Image.frombytes("RGB", (w, h), os.urandom(w * h * 3)) for _ in range(n)]


def scan_pdf(path: Path, pages: int, size=(850, 1100)) -> Path:
    """An image-only PDF (a 'scan' without text) of incompressible noise: about 1.1 MB a page at 850x1100."""
    ims = noise_pages(pages, size)
    ims[0].save(path, "PDF", save_all=True, append_images=ims[1:], resolution=100, quality=95)
    return path


def mixed_pdf(path: Path) -> Path:
    """Two pages: page 1 has text, page 2 is only an image."""
    from pypdf import PdfReader, PdfWriter

    t = text_pdf(path.with_suffix(".t.pdf"), ["MIXEDTEXTPAGE"])
    s = scan_pdf(path.with_suffix(".s.pdf"), 1, (200, 260))
    w = PdfWriter()
    w.append(PdfReader(t))
    w.append(PdfReader(s))
    w.write(path)
    t.unlink()
    s.unlink()
    return path


def user_profile(data_dir: Path, base: str, filename: str | None = None, **changes) -> Path:
    """Copy a built-in profile into the user's profile folder, with some fields changed."""
    data = json.loads((resource("profiles") / f"{base}.json").read_text(encoding="utf-8"))
    data.update(changes)
    folder = data_dir / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (filename or f"{data['id']}.json")
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def new_packet(base: Path, name: str = "Lopez", respondent: str | None = RESPONDENT,
               a_number: str | None = "123456789") -> Path:
    sets = []
    if respondent is not None:
        sets += ["--set", f"respondent={respondent}"]
    if a_number is not None:
        sets += ["--set", f"a_number={a_number}"]
    rc, out, err = run_cli("new", base / name, *sets)
    assert rc == 0, err
    return base / f"{name}.packet"


def add(packet: Path, *files, **opts) -> None:
    args = []
    for k, v in opts.items():
        flag = "--" + k.replace("_", "-")
        for one in v if isinstance(v, (list, tuple)) else [v]:
            args += [flag] if one is True else [flag, one]
    rc, out, err = run_cli("add", packet, *files, *args)
    assert rc == 0, (out, err)


def edit_json(packet: Path, change) -> None:
    """Change packet.json directly (what the window or a hand edit could do), bypassing CLI validation."""
    p = packet / "packet.json"
    data = json.loads(p.read_text(encoding="utf-8"))
    change(data)
    p.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


def set_(packet: Path, *values) -> None:
    rc, out, err = run_cli("set", packet, *values)
    assert rc == 0, err


HAVE_POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdfinfo", "pdftoppm"))
needs_poppler = pytest.mark.skipif(not HAVE_POPPLER, reason="poppler-utils not installed")



def run_cli_process(*argv) -> tuple[int, str, str]:
    """`packet ARGV...` in a child process, for the plain-text output (whose findings printer binds sys.stdout
    when the module is imported, so in-process redirection does not catch it)."""
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-m", "packet", *[str(a) for a in argv]], capture_output=True, text=True,
                       timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return p.returncode, p.stdout, p.stderr
