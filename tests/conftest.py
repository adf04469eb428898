"""Shared fixtures: where the real-world corpus lives, a fresh packet, and small generated input files."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The real-world files (never copied into the project): ../shared/corpus relative to the project root.
# PACKET_TEST_CORPUS overrides it (point it at a missing folder to check the tests skip cleanly).
CORPUS = Path(os.environ.get("PACKET_TEST_CORPUS") or PROJECT_ROOT.parent / "shared" / "corpus")
CORPUS_MISSING = f"real-world corpus not found at {CORPUS} (expected ../shared/corpus beside the project)"
# The tests read English messages whatever the machine's locale; the i18n tests switch language themselves.
os.environ["PACKET_LANG"] = "en"


def corpus_present() -> bool:
    return (CORPUS / "MANIFEST.tsv").is_file()


def read_manifest() -> list[dict[str, str]]:
    """The rows of MANIFEST.tsv as dicts keyed by its header; [] when the corpus is absent."""
    if not corpus_present():
        return []
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="session", autouse=True)
def _private_log_dir(tmp_path_factory):
    """Tests never write the user's log file (packet/store/applog.py): their commands log to a temporary folder."""
    before = os.environ.get("PACKET_LOG_DIR")
    os.environ["PACKET_LOG_DIR"] = str(tmp_path_factory.mktemp("logs"))
    yield
    if before is None:
        os.environ.pop("PACKET_LOG_DIR", None)
    else:
        os.environ["PACKET_LOG_DIR"] = before


@pytest.fixture(autouse=True)
def _english_interface():
    """Each test starts and ends in English (a test that switches to Spanish cannot leak it into the next)."""
    from packet.core.i18n import set_language

    set_language("en")
    yield
    set_language("en")


class Hung(AssertionError):
    pass


@contextmanager
def hang_guard(seconds: float, what: str) -> Iterator[None]:
    """Fail (instead of hanging the run) when the block takes longer than `seconds`.

    Only a guard against a hang: give it a limit many times what the work takes on a slow, busy machine. How
    fast things are is measured by `make bench`, never asserted by a test. Without SIGALRM it only runs the block.
    """
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise Hung(f"{what}: still running after {seconds:g} s; it looks hung")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def liar_pdf(count: int, encrypt: bool) -> bytes:
    """One page, with a page tree that claims `count` pages (the tests count it; the benchmark times it)."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    w = PdfWriter()
    w.add_blank_page(612, 792)
    if encrypt:
        w.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    w.root_object["/Pages"].get_object()[NameObject("/Count")] = NumberObject(count)
    buf = io.BytesIO()
    w.write(buf)
    data = buf.getvalue()
    assert f"/Count {count}".encode() in data
    return data


@pytest.fixture
def corpus() -> Path:
    """The corpus folder; the test is skipped, saying why, when it is not there."""
    if not corpus_present():
        pytest.skip(CORPUS_MISSING)
    return CORPUS


@pytest.fixture
def packet_folder(tmp_path):
    """A new, empty packet folder `Lopez.packet` in a temporary directory."""
    from packet.store.folder import create_packet

    return create_packet(tmp_path / "Lopez", name="Lopez")


@pytest.fixture
def make_pdf(tmp_path):
    """Factory: make_pdf(name, pages=1, text=..., pagesize=(w, h)) writes a small PDF with reportlab.

    The output is reproducible (same arguments, same bytes); the text defaults to the file name, so files of
    different names differ.
    """
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    def make(name: str = "doc.pdf", pages: int = 1, text: str | None = None, pagesize=letter) -> Path:
        path = tmp_path / name
        text = name if text is None else text
        c = canvas.Canvas(str(path), pagesize=pagesize, invariant=1)
        for n in range(1, pages + 1):
            c.drawString(72, pagesize[1] - 72, f"{text} - page {n}")
            c.showPage()
        c.save()
        return path

    return make


@pytest.fixture
def make_image(tmp_path):
    """Factory: make_image(name, size=(w, h), color=..., mode="RGB", format=None) writes an image with Pillow."""
    from PIL import Image

    def make(name: str = "photo.png", size=(200, 100), color=(200, 30, 30), mode: str = "RGB", fmt=None,
             **save_args) -> Path:
        path = tmp_path / name
        with Image.new(mode, size, color) as im:
            im.save(path, format=fmt, **save_args)
        return path

    return make


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """The user data folder (templates, profiles, the verification cache) is a fresh one per test, never the real
    user's, and outside the test's own tmp_path, whose contents tests compare."""
    monkeypatch.setenv("PACKET_DATA_DIR", str(tmp_path_factory.mktemp("packet-data")))
