"""Looking at an exported PDF the way a user (or a court's e-filing system) does: pages, text, labels, links."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

HAVE_POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdfinfo", "pdftoppm"))
NEEDS_POPPLER = pytest.mark.skipif(not HAVE_POPPLER, reason="poppler-utils (pdftotext, pdfinfo, pdftoppm) not installed")

# Keys whose presence anywhere in the output means something could run, submit, launch or hide content.
ACTIVE_KEYS = ("/JavaScript", "/JS", "/OpenAction", "/AA", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/AcroForm",
               "/Launch", "/RichMedia")
ACTIVE_ACTIONS = ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm", "/GoToR", "/GoToE",
                  "/Rendition", "/Sound", "/Movie")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces (pdftotext breaks lines where the layout does)."""
    return re.sub(r"\s+", " ", nfc(text)).strip()


def run(*cmd: str) -> str:
    out = subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    return out.stdout.decode("utf-8", "replace")


# pdftotext wraps text on pages it takes for right-to-left (habibi-rotated.pdf is Arabic) in bidi controls.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def page_texts(pdf: Path, layout: bool = False) -> list[str]:
    """pdftotext of every page, one string per page (index 0 is the first page)."""
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"]
    pages = _BIDI.sub(" ", run(*args)).split("\f")
    return pages[:-1] if pages and pages[-1].strip() == "" else pages


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float  # top-down, as poppler reports
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) > (self.y1 - self.y0)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.\-]+)" yMin="([\d.\-]+)" xMax="([\d.\-]+)" yMax="([\d.\-]+)">(.*?)</word>')


def page_words(pdf: Path, first: int | None = None, last: int | None = None) -> list[list[Word]]:
    """Words with their boxes (points, origin top-left) per page, from `pdftotext -bbox`."""
    rng = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    out = run("pdftotext", "-enc", "UTF-8", "-bbox", *rng, str(pdf), "-")
    pages = []
    for m in _PAGE.finditer(out):
        pages.append([Word(nfc(html.unescape(w[4])), *(float(v) for v in w[:4])) for w in _WORD.findall(m.group(3))])
    return pages


def pdfinfo_pages(pdf: Path) -> list[tuple[float, float, int]]:
    """(width, height, rotation) of every page as poppler sees it."""
    out = run("pdfinfo", "-f", "1", "-l", "100000", str(pdf))
    sizes = {int(n): (float(w), float(h)) for n, w, h in re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", out)}
    rots = {int(n): int(r) for n, r in re.findall(r"Page\s+(\d+) rot:\s+(-?\d+)", out)}
    return [(*sizes[n], rots.get(n, 0)) for n in sorted(sizes)]


def pdfinfo_fields(pdf: Path) -> dict[str, str]:
    out = run("pdfinfo", str(pdf))
    return {k.strip(): v.strip() for k, v in (ln.split(":", 1) for ln in out.splitlines() if ":" in ln)}


def render(pdf: Path, out_dir: Path, page: int, dpi: int = 20, gray: bool = True, name: str | None = None) -> Path:
    """Render one page (1-based) to a PNG with pdftoppm; returns its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / (name or f"{pdf.stem}-p{page}")
    run("pdftoppm", "-r", str(dpi), *(["-gray"] if gray else []), "-png", "-singlefile", "-f", str(page), "-l",
        str(page), str(pdf), str(stem))
    return stem.with_suffix(".png")


# -- structure -------------------------------------------------------------------------------------------------

def page_index_of(reader: PdfReader) -> dict[int, int]:
    """Object number of each page -> its 0-based index."""
    return {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}


def active_content(reader: PdfReader) -> list[str]:
    """Every object in the file (reachable or not) holding a key or action that could run or hide something."""
    found: list[str] = []

    def check(where: str, obj) -> None:
        if isinstance(obj, StreamObject) or isinstance(obj, DictionaryObject):
            for key in ACTIVE_KEYS:
                if key in obj:
                    found.append(f"{where}: {key}")
            s = obj.get("/S")
            if isinstance(s, NameObject) and s in ACTIVE_ACTIONS:
                found.append(f"{where}: action {s}")
            for key, value in obj.items():
                if isinstance(value, (DictionaryObject, ArrayObject)) and not isinstance(value, StreamObject):
                    check(f"{where}{key}", value)
        elif isinstance(obj, ArrayObject):
            for n, v in enumerate(obj):
                if isinstance(v, (DictionaryObject, ArrayObject)):
                    check(f"{where}[{n}]", v)

    check("trailer", reader.trailer)
    check("catalog", reader.trailer["/Root"].get_object())
    for n, page in enumerate(reader.pages):
        check(f"page {n}", page)
        for a in page.get("/Annots", None) or []:
            check(f"page {n} annot", a.get_object())
    # every object in the cross-reference table, so nothing unreachable hides there either
    numbers = {num for gen in reader.xref.values() for num in gen} | set(reader.xref_objStm)
    for num in sorted(numbers):
        try:
            obj = reader.get_object(IndirectObject(num, 0, reader))
        except Exception:
            continue
        check(f"obj {num}", obj)
    return found


def outline_flat(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based target page) for every outline item, in order."""
    out: list[tuple[int, str, int]] = []

    def walk(items, depth: int) -> None:
        for it in items:
            if isinstance(it, list):
                walk(it, depth + 1)
            else:
                out.append((depth, str(it.title), reader.get_destination_page_number(it)))

    walk(reader.outline, 0)
    return out


def link_targets(reader: PdfReader, page_number: int) -> list[int]:
    """0-based target pages of the /Link annotations with a /Dest on one page, top to bottom."""
    index = page_index_of(reader)
    links = []
    for ref in reader.pages[page_number].get("/Annots", None) or []:
        a = ref.get_object()
        if a.get("/Subtype") != "/Link" or "/Dest" not in a:
            continue
        dest = a["/Dest"]
        assert isinstance(dest, ArrayObject) and isinstance(dest[0], IndirectObject), dest
        rect = [float(v) for v in a["/Rect"]]
        links.append((-rect[3], index[dest[0].idnum]))
    return [t for _, t in sorted(links)]
