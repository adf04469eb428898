"""Recognised text of a packet's pages: the page image to read, one page recognised, and the cache on disk.

Each page is recognised once: the words go to `derived/<sha256>/ocr/<page>.json` (document SHA-256, 1-based
page number, four digits) with the engine, its version and the languages used, written atomically. A cached page
is reused as long as it was read with the same languages; a damaged cache file is read again, never trusted.

Word boxes are fractions of the page as shown: for a PDF page, its visible (crop) box turned by its own
`/Rotate`; for a photo or scan, its page-ready image (upright, as intake made it). `packet.export.textlayer`
places them on the output page with the same matrix that places the page.

Scans are often fed upside down or sideways (the shared corpus's cardinal.pdf has both). A page that reads
poorly as it is shown (many words, low confidence: what Tesseract makes of upside-down text) is read again
turned by 180, 90 and 270 degrees, and the best reading is kept with its `turn`: the boxes are then fractions
of the turned image, and the text layer is drawn turned back onto the page, so search and copy find real words
whichever way the user turns the page in the packet.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image

from packet.core.model import Document, Exhibit
from packet.store.atomic import write_atomic
from packet.store.folder import DERIVED
from packet.store.layout import FOLDER_MODE
from packet.store.ocr_engine import Engine, Word, recognise_image

CACHE_FORMAT = 1
RENDER_DPI = 300  # PDF pages without a scanned image of their own are rendered at this resolution
MIN_DPI, MAX_DPI = 150, 400  # a scan's own resolution is used within these bounds (never upscaled past 400)
MAX_RENDER_PX = 6000  # the long side of a page image, whatever the page size (poster-sized pages)
# A page "reads like a document" with this many confident words; photos of objects find a few stray ones.
DOCUMENT_MIN_WORDS = 12
CONFIDENT = 60.0
MIN_TEXT_CHARS = 3  # a page with fewer characters than this has no text worth searching (a stray mark)
# A reading with at least this many words and a mean confidence below POOR_CONFIDENCE is tried other ways up;
# another turn is kept only when it finds clearly more confident words (TURN_GAIN times as many).
POOR_MIN_WORDS = 20
POOR_CONFIDENCE = 70.0
GOOD_CONFIDENCE = 85.0  # a turn that reads this well stops the search
TURN_GAIN = 1.5
LEVEL_SHARE = 0.7  # of the words of three letters or more, this share wider than tall makes a reading level
TURNS = (180, 90, 270)


@dataclass
class PageText:
    """What was recognised on one page."""

    words: list[Word]
    width: int  # pixels of the image that was read
    height: int
    dpi: int
    engine: str
    version: str
    languages: str
    turn: int = 0  # degrees clockwise the shown page was turned before it was read (0, 90, 180, 270)

    @property
    def text(self) -> str:
        """The words, a line per recognised line, in reading order."""
        lines: dict[int, list[str]] = {}
        for w in self.words:
            lines.setdefault(w.line, []).append(w.text)
        return "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))

    @property
    def confident_text(self) -> str:
        """The words Tesseract was sure of, a line per line: what the language check weighs (noise says nothing)."""
        lines: dict[int, list[str]] = {}
        for w in self.words:
            if w.confidence >= CONFIDENT:
                lines.setdefault(w.line, []).append(w.text)
        return "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))

    @property
    def confident_words(self) -> int:
        return sum(1 for w in self.words if w.confidence >= CONFIDENT and len(w.text) > 1)

    @property
    def reads_like_document(self) -> bool:
        """Enough confident words to be a document page, not a photo of a person, a house or a car."""
        return self.confident_words >= DOCUMENT_MIN_WORDS

    @property
    def mean_confidence(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words) if self.words else 0.0

    @property
    def level(self) -> bool:
        """Most words lie level (wider than tall). Tesseract also reads lines running up or down the image, but the
        text layer draws words level, so such a reading is taken the image's other way round."""
        long = [w for w in self.words if len(w.text) >= 3]
        flat = sum(1 for w in long if (w.x1 - w.x0) * self.width > (w.y1 - w.y0) * self.height)
        return not long or flat >= LEVEL_SHARE * len(long)

    @property
    def reads_poorly(self) -> bool:
        """Many words read with little confidence, or running up the page: text the wrong way up, most likely."""
        if len(self.words) < POOR_MIN_WORDS:
            return False
        return self.mean_confidence < POOR_CONFIDENCE or not self.level

    @property
    def quality(self) -> int:
        """How well a reading serves the text layer: its confident words, if they lie level."""
        return self.confident_words if self.level else 0

    def to_json(self) -> dict:
        return {
            "format": CACHE_FORMAT, "engine": self.engine, "version": self.version, "languages": self.languages,
            "width": self.width, "height": self.height, "dpi": self.dpi,
            "words": [[w.text, round(w.x0, 5), round(w.y0, 5), round(w.x1, 5), round(w.y1, 5),
                       round(w.confidence, 1), w.line] for w in self.words],
            **({"turn": self.turn} if self.turn else {}),
        }

    @classmethod
    def from_json(cls, data: dict) -> PageText:
        if data.get("format") != CACHE_FORMAT:
            raise ValueError(f"cache format {data.get('format')!r}")
        words = [Word(str(t), float(a), float(b), float(c), float(d), float(conf), int(line))
                 for t, a, b, c, d, conf, line in data["words"]]
        turn = int(data.get("turn", 0))
        if turn not in (0, 90, 180, 270):
            raise ValueError(f"turn {turn!r}")
        return cls(words, int(data["width"]), int(data["height"]), int(data["dpi"]), str(data["engine"]),
                   str(data["version"]), str(data["languages"]), turn)


@dataclass
class PageSource:
    """The image to recognise for one page, and the resolution it represents."""

    image: Image.Image
    dpi: int
    notes: list[str] = field(default_factory=list)


# -- the cache ---------------------------------------------------------------------------------------------------

def cache_path(packet_dir: Path, sha256: str, page: int) -> Path:
    return Path(packet_dir) / DERIVED / sha256 / "ocr" / f"{page:04d}.json"


def cached(packet_dir: Path, sha256: str, page: int, languages: str | None) -> PageText | None:
    """The recognised text of a page, if it was read before with these languages (None: with any); else None.

    The export and the checks take whatever was recognised; a run reads a page again for other languages."""
    path = cache_path(packet_dir, sha256, page)
    try:
        text = PageText.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return text if languages is None or text.languages == languages else None


def private_dirs(packet_dir: Path, folder: Path) -> None:
    """Make `folder` (inside the packet) and the folders above it that are missing, each only its owner's (0700):
    recognised text is as private as the documents."""
    missing = []
    p = Path(folder)
    while not p.exists() and p != Path(packet_dir) and p.parent != p:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        d.mkdir(mode=FOLDER_MODE, exist_ok=True)


def store(packet_dir: Path, sha256: str, page: int, text: PageText) -> Path:
    path = cache_path(packet_dir, sha256, page)
    private_dirs(packet_dir, path.parent)
    write_atomic(path, json.dumps(text.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                 sync_dir=False)
    return path


def pages_to_read(packet_dir: Path, doc: Document, pages: list[int] | None = None) -> list[int]:
    """The pages of a document that need text recognised: every page of a photo, the pages of a PDF without text.

    `pages` limits it to an exhibit's page selection (1-based). A PDF page counts as having text when PDFium finds
    characters on it (`Document.textless_pages` only says whether a page uses a font, and scanners and reportlab
    give every page a font).
    """
    wanted = list(range(1, doc.pages + 1)) if pages is None else [p for p in pages if 1 <= p <= doc.pages]
    wanted = list(dict.fromkeys(wanted))
    if doc.kind == "image":
        return wanted
    path = Path(packet_dir) / doc.pdf_file()
    textless = set(pdf_pages_without_text(str(path), _mtime(path)))
    return [p for p in wanted if p in textless]


def missing_pages(packet_dir: Path, doc: Document, languages: str, pages: list[int] | None = None) -> list[int]:
    """The pages still to recognise: those `pages_to_read` names without a cached result for these languages."""
    return [p for p in pages_to_read(packet_dir, doc, pages) if cached(packet_dir, doc.sha256, p, languages) is None]


@lru_cache(maxsize=256)
def pdf_pages_without_text(path: str, mtime: float = 0.0) -> tuple[int, ...]:
    """1-based pages of a PDF on which PDFium finds fewer than MIN_TEXT_CHARS characters (scans, photos).

    An unreadable file gives no pages: its export reports it, OCR has nothing to add.
    """
    del mtime  # part of the cache key only
    import pypdfium2 as pdfium

    out = []
    try:
        pdf = pdfium.PdfDocument(path, password="")
    except (pdfium.PdfiumError, OSError):
        return ()
    try:
        for n in range(len(pdf)):
            page = pdf[n]
            textpage = page.get_textpage()
            chars = textpage.count_chars()
            if chars < MIN_TEXT_CHARS or not textpage.get_text_range().strip():
                out.append(n + 1)
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return tuple(out)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def recognised_count(packet_dir: Path, doc: Document, pages: list[int] | None = None) -> tuple[int, int]:
    """(pages recognised, pages that need it) from what intake measured, opening no PDF (the window's list asks
    this for every row it paints): every page of a photo; a PDF's pages without text (none when not measured)."""
    shown = list(range(1, doc.pages + 1)) if pages is None else [p for p in pages if 1 <= p <= doc.pages]
    if doc.kind == "image":
        need = shown
    elif doc.textless_pages is None:
        return 0, 0
    else:
        bare = set(doc.textless_pages)
        need = [p for p in shown if p in bare]
    have = sum(1 for p in need if cache_path(packet_dir, doc.sha256, p).is_file())
    return have, len(need)


def exhibit_recognised(packet_dir: Path, documents: Mapping[str, Document], exhibit: Exhibit) -> tuple[int, int]:
    """(pages recognised, pages that need it) over the pages an exhibit shows (its kept page references, of
    whatever document), as `recognised_count` counts them."""
    kept = exhibit.kept(documents)
    have = need = 0
    for sha in dict.fromkeys(r.document for r in kept):
        h, n = recognised_count(packet_dir, documents[sha], [r.page for r in kept if r.document == sha])
        have, need = have + h, need + n
    return have, need


def document_text(packet_dir: Path, doc: Document, languages: str, pages: list[int] | None = None) -> str:
    """The recognised text of a document's pages that have it, pages separated by form feeds (for search)."""
    out = []
    for p in pages_to_read(packet_dir, doc, pages):
        found = cached(packet_dir, doc.sha256, p, languages)
        if found is not None:
            out.append(found.text)
    return "\f".join(out)


# -- one page ------------------------------------------------------------------------------------------------------

def page_source(packet_dir: Path, doc: Document, page: int) -> PageSource:
    """The image of one page to recognise: a photo's page-ready image, or a PDF page rendered."""
    packet_dir = Path(packet_dir)
    if doc.kind == "image":
        ready = doc.page_images[page - 1]
        with Image.open(packet_dir / ready.file) as im:
            im.load()
            image = im.convert("L") if im.mode not in ("L", "RGB") else im.copy()
        dpi = round(ready.dpi) if ready.dpi else round(max(image.size) / 11.0)
        return PageSource(image, max(MIN_DPI // 2, min(MAX_DPI, dpi)))
    return _render_pdf_page(packet_dir / doc.pdf_file(), page)


def _render_pdf_page(path: Path, page: int) -> PageSource:
    """Render at the resolution of the page's scanned image (as OCRmyPDF does), else at RENDER_DPI; in grey."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(str(path), password="")
    try:
        p = pdf[page - 1]
        width_pt, height_pt = p.get_size()
        dpi = RENDER_DPI
        best = 0.0
        for obj in p.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
            left, bottom, right, top = obj.get_bounds()
            px_w, px_h = obj.get_px_size()
            area = (right - left) * (top - bottom)
            if area > best and right > left and top > bottom:
                best = area
                shown = max(right - left, top - bottom) / 72.0
                dpi = round(max(px_w, px_h) / shown) if shown else RENDER_DPI
        if best < 0.25 * width_pt * height_pt:  # no image covers much of the page: a drawn page, render it sharp
            dpi = RENDER_DPI
        dpi = max(MIN_DPI, min(MAX_DPI, dpi))
        long_pt = max(width_pt, height_pt)
        if long_pt * dpi / 72.0 > MAX_RENDER_PX:
            dpi = max(72, int(MAX_RENDER_PX * 72.0 / long_pt))
        image = p.render(scale=dpi / 72.0, grayscale=True, may_draw_forms=True).to_pil()
        p.close()
    finally:
        pdf.close()
    return PageSource(image.convert("L") if image.mode != "L" else image, dpi)


def recognise_page(engine: Engine, packet_dir: Path, doc: Document, page: int, languages: str) -> PageText:
    """Read one page and keep the result in the cache. The caller runs this in a worker, never in the window."""
    source = page_source(packet_dir, doc, page)
    text = read_upright(engine, source, languages)
    store(packet_dir, doc.sha256, page, text)
    return text


# PIL's transposes turn counter-clockwise; these turn the image clockwise by the key's degrees.
_CLOCKWISE = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}


def read_upright(engine: Engine, source: PageSource, languages: str) -> PageText:
    """Read the page as shown; when that reads poorly (upside down or sideways text), also turned, keeping the
    reading with clearly the most confident words."""
    def read(turn: int) -> PageText:
        image = source.image if not turn else source.image.transpose(_CLOCKWISE[turn])
        words = recognise_image(engine, image, languages, source.dpi)
        return PageText(words, image.width, image.height, source.dpi, engine.name, engine.version, languages, turn)

    best = first = read(0)
    if not first.reads_poorly:
        return first
    for turn in TURNS:
        other = read(turn)
        if other.quality > best.quality:
            best = other
        if not other.reads_poorly and other.mean_confidence >= GOOD_CONFIDENCE:
            break
    return best if best.quality >= TURN_GAIN * max(1, first.quality) else first
