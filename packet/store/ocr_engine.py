"""Which text-recognition engine this computer has, and one page image recognised into words with boxes.

Packet prefers the `tesserocr` module (its wheels bundle Tesseract, so nothing else is installed); without it, a
`tesseract` program on the PATH does the same work through its TSV output; without either, OCR is unavailable and
`unavailable_message()` says how to get it. Both engines read the language data Packet ships in
`resources/tessdata/` (English and Spanish), so the result does not depend on what else the computer has.

Both engines are driven to produce Tesseract's TSV table, parsed by one function, so they give the same words.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PIL import Image

from packet.core.i18n import _
from packet.core.resources import resource

DEFAULT_LANGUAGES = "spa+eng"  # Spanish first: in a trial it read accented names exactly, English text as well
ENGINE_TIMEOUT_S = 600  # one page; only a guard against a hung program, never reached by a real page
_LANGUAGES_RE = re.compile(r"[a-z]{3}(?:_[a-z]+)?(?:\+[a-z]{3}(?:_[a-z]+)?)*")


class OcrUnavailable(Exception):
    """No engine, or not the language data asked for; the message says what to install or change."""


@dataclass(frozen=True)
class Word:
    """One recognised word. The box is in fractions of the page image, origin at its top-left corner."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float  # 0-100, as Tesseract reports it
    line: int  # reading-order number of the line the word is on (0, 1, 2, ...)


def tessdata_dir() -> Path:
    """The language data: Packet's own (`resources/tessdata`), or PACKET_TESSDATA for other languages."""
    env = os.environ.get("PACKET_TESSDATA")
    return Path(env) if env else resource("tessdata")


def available_languages(folder: Path | None = None) -> list[str]:
    folder = folder or tessdata_dir()
    try:
        return sorted(p.name[: -len(".traineddata")] for p in folder.glob("*.traineddata"))
    except OSError:
        return []


def check_languages(languages: str, folder: Path | None = None) -> str:
    """The languages setting ("spa+eng"), checked against the language data; raises OcrUnavailable if wrong."""
    languages = (languages or "").strip()
    if not _LANGUAGES_RE.fullmatch(languages):
        raise OcrUnavailable(_("OCR languages {languages!r}: write Tesseract language codes joined by '+', for "
                               "example {default_languages!r} (Spanish, then English).").format(
                                 languages=languages, default_languages=DEFAULT_LANGUAGES))
    have = available_languages(folder)
    missing = [code for code in languages.split("+") if code not in have]
    if missing:
        raise OcrUnavailable(
            _("OCR languages {languages!r}: no language data for {value} in {value2} (Packet has: {value3}). Use "
              "those, or put the missing .traineddata files there.").format(
                languages=languages, value=', '.join(missing), value2=folder or tessdata_dir(), value3=', '.join(have) or 'none')
        )
    return languages


class Engine(Protocol):
    name: str
    version: str

    def tsv(self, image: Image.Image, languages: str, dpi: int) -> str:
        """Tesseract's TSV table for one page image."""
        ...


class TesserocrEngine:
    """Tesseract inside this process, through the tesserocr module; one API object per language setting."""

    name = "tesserocr"

    def __init__(self) -> None:
        import tesserocr

        self._tesserocr = tesserocr
        self.version = tesserocr.tesseract_version().split()[1]
        self._apis: dict[str, object] = {}
        self._lock = threading.Lock()  # a Tesseract API object is not safe to share between threads

    def tsv(self, image: Image.Image, languages: str, dpi: int) -> str:
        with self._lock:
            api = self._apis.get(languages)
            if api is None:
                api = self._tesserocr.PyTessBaseAPI(path=str(tessdata_dir()) + os.sep, lang=languages,
                                                    psm=self._tesserocr.PSM.AUTO, oem=self._tesserocr.OEM.LSTM_ONLY)
                self._apis[languages] = api
            api.SetImage(image)  # type: ignore[attr-defined]
            api.SetSourceResolution(dpi)  # type: ignore[attr-defined]
            api.Recognize()  # type: ignore[attr-defined]
            text: str = api.GetTSVText(0)  # type: ignore[attr-defined]
            api.Clear()  # type: ignore[attr-defined]
            return text


class CommandEngine:
    """A `tesseract` program (5.x or 4.x) found on the PATH, fed one PNG per page on standard input."""

    name = "tesseract"

    def __init__(self, program: str) -> None:
        self.program = program
        out = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60)
        first = (out.stdout or out.stderr).split("\n", 1)[0]
        self.version = first.split()[1] if len(first.split()) > 1 else "unknown"

    def tsv(self, image: Image.Image, languages: str, dpi: int) -> str:
        buf = io.BytesIO()
        image.save(buf, format="PNG", compress_level=1)
        env = dict(os.environ, OMP_THREAD_LIMIT="1")  # the runner spreads pages over cores; no threads inside
        cmd = [self.program, "stdin", "stdout", "--tessdata-dir", str(tessdata_dir()), "-l", languages,
               "--dpi", str(dpi), "--psm", "3", "--oem", "1", "-c", "tessedit_create_tsv=1",
               "-c", "tessedit_create_txt=0"]
        try:
            out = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, timeout=ENGINE_TIMEOUT_S, env=env)
        except subprocess.TimeoutExpired as exc:
            raise OcrUnavailable(_("{program} took longer than {engine_timeout_s} s on one page and was stopped.").format(
                                     program=self.program, engine_timeout_s=ENGINE_TIMEOUT_S)) from exc
        if out.returncode:
            err = out.stderr.decode("utf-8", "replace").strip().splitlines()
            raise OcrUnavailable(f"{self.program} failed ({err[-1] if err else out.returncode}).")
        return out.stdout.decode("utf-8", "replace")


_cached: dict[str, Engine | None] = {}


def find_engine(prefer: str = "") -> Engine | None:
    """The engine to use: "tesserocr" if importable, else "tesseract" on the PATH, else None.

    `prefer` forces one of the two (tests, benchmarks); PACKET_OCR_ENGINE=tesseract|tesserocr|none does the same
    for a whole run.
    """
    prefer = prefer or os.environ.get("PACKET_OCR_ENGINE", "")
    if prefer in _cached:
        return _cached[prefer]
    engine: Engine | None = None
    if prefer in ("", "tesserocr"):
        try:
            engine = TesserocrEngine()
        except (ImportError, OSError, RuntimeError, IndexError):
            engine = None
    if engine is None and prefer in ("", "tesseract"):
        program = shutil.which("tesseract")
        if program:
            try:
                engine = CommandEngine(program)
            except (OSError, subprocess.SubprocessError):
                engine = None
    _cached[prefer] = engine
    return engine


def engine_available(prefer: str = "") -> bool:
    """Whether `find_engine` would find an engine, without loading Tesseract into this process.

    The runner asks this in the caller's process (the window's): importing tesserocr loads the whole Tesseract
    library while holding the interpreter lock, a stall the window would feel; the workers load it instead.
    """
    prefer = prefer or os.environ.get("PACKET_OCR_ENGINE", "")
    if prefer in _cached:
        return _cached[prefer] is not None
    if prefer in ("", "tesserocr") and importlib.util.find_spec("tesserocr") is not None:
        return True
    return prefer in ("", "tesseract") and shutil.which("tesseract") is not None


def unavailable_message() -> str:
    return (_("Text recognition (OCR) is not installed. Install Packet's OCR support with 'pip install "
              "tesserocr', or install Tesseract (on Debian or Ubuntu: 'sudo apt install tesseract-ocr'; on "
              "macOS: 'brew install tesseract'; on Windows: the installer from the Tesseract project) so that "
              "the 'tesseract' program is on the PATH. Everything else in Packet works without it."))


def recognise_image(engine: Engine, image: Image.Image, languages: str, dpi: int) -> list[Word]:
    """The words of one page image, in reading order, with boxes as fractions of the image."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("L")
    return parse_tsv(engine.tsv(image, languages, dpi), image.width, image.height)


def parse_tsv(tsv: str, width: int, height: int) -> list[Word]:
    """Words from Tesseract's TSV (level 5 rows), numbering lines in reading order; empty words dropped."""
    words: list[Word] = []
    lines: dict[tuple[str, str, str, str], int] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        try:
            left, top, w, h = (int(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError:
            continue
        key = (cols[1], cols[2], cols[3], cols[4])  # page, block, paragraph, line
        line = lines.setdefault(key, len(lines))
        words.append(Word(text, left / width, top / height, (left + w) / width, (top + h) / height,
                          max(0.0, conf), line))
    return words
