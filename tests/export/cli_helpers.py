"""The command line in-process for export tests, and small text PDFs whose pages carry a marker word."""

from __future__ import annotations

import contextlib
import hashlib
import io
from pathlib import Path

from packet.cli import main


def cli(*argv) -> tuple[int, str]:
    """`packet ARGV...`: (exit code, stdout + stderr)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        rc = main([str(a) for a in argv])
    return rc, out.getvalue()


def ok(*argv) -> str:
    rc, out = cli(*argv)
    assert rc == 0, out
    return out


def marker_pdf(path: Path, *markers: str) -> Path:
    """A PDF with a page per marker word, each page's only text."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1)
    for m in markers:
        c.setFont("Helvetica", 14)
        c.drawString(72, 700, m)
        c.showPage()
    c.save()
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
