"""Output pages of one file, built with pikepdf: source PDF pages and page images on US Letter, generated pages.

A source page's content streams are copied as they are (qpdf copies their data from the source file when the
output is written; they are never decoded here) and wrapped: a short stream in front draws the stamp and sets
the clip and the placement matrix; the page's own streams follow; a short stream after them draws flattened
annotations (form fields, markup) and restores the state. Only what the page needs to draw is carried over:
its resources, contents and transparency group; everything else of the page (actions, thumbnails, structure,
boxes, rotation) is left behind.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name

from packet.core.geometry import (
    LETTER_H,
    LETTER_W,
    Box,
    fmt_matrix,
    multiply,
    normalise_rotation,
    place,
)
from packet.core.model import PageImage
from packet.export.annotations import AnnotationFlattener, PendingLink
from packet.export.cleaning import Cleaner

LETTER_BOX = [0, 0, int(LETTER_W), int(LETTER_H)]
_INHERITABLE_DEPTH = 32


@dataclass
class Placed:
    """Where an output page came from, for links that point at it."""

    document: str
    source_objgen: tuple[int, int]


class PageBuilder:
    """Appends pages to one output Pdf; keeps what links and the outline need to find them."""

    def __init__(self, out: pikepdf.Pdf, cleaner: Cleaner):
        self.out = out
        self.cleaner = cleaner
        self.pages: list[pikepdf.Object] = []  # the output pages, indirect, in order
        self.page_map: dict[tuple[str, tuple[int, int]], pikepdf.Object] = {}  # (document, source page) -> page
        self.pending_links: list[PendingLink] = []
        self._restore = out.make_stream(b"\nQ\n")
        self._tree = out.Root.Pages
        self._kids = self._tree.Kids
        self.annotations = AnnotationFlattener(out, self)
        self._forms_done: set[tuple[int, int]] = set()  # forms of this output already rid of hidden layers

    def _append(self, page: Dictionary) -> pikepdf.Object:
        """Add a page to the one flat page tree (kept by hand: qpdf's page API rescans the tree per page)."""
        ref = self.out.make_indirect(page)
        ref.Parent = self._tree
        self._kids.append(ref)
        self.pages.append(ref)
        return ref

    def finish(self) -> None:
        self._tree.Count = len(self.pages)

    # -- generated pages -------------------------------------------------------------------------------------
    def add_generated(self, gen: pikepdf.Pdf, page: pikepdf.Page) -> pikepdf.Object:
        src = page.obj
        new = Dictionary(Type=Name.Page, MediaBox=LETTER_BOX)
        for key in ("/Resources", "/Contents", "/Group"):
            if key in src:
                new[key] = foreign(self.out, src[key], gen)
        return self._append(new)

    def stamp_fonts(self, gen: pikepdf.Pdf, carrier: pikepdf.Page, names: dict[str, str]) -> Dictionary:
        """The fonts the stamps use, copied once from the generated document's carrier page."""
        fonts = carrier.obj.Resources.Font
        return Dictionary({ours: foreign(self.out, fonts[internal], gen) for internal, ours in names.items()})

    # -- source PDF pages ------------------------------------------------------------------------------------
    def add_pdf_page(self, src: pikepdf.Pdf, page_index: int, document: str, rotation: int, area: Box,
                     landscape: str, stamp: bytes, fonts: Dictionary) -> pikepdf.Object:
        page = src.pages[page_index].obj
        box = visible_box(page)
        unit = user_unit(page)
        turn = normalise_rotation(_number(inherited(page, "/Rotate"), 0.0) + rotation)
        m = place(box, turn, area, landscape, max_scale=unit).matrix
        hidden = self.cleaner.hidden_layers(src)
        res_src = inherited(page, "/Resources")
        self.cleaner.clean_page(src, page, res_src)
        resources = _own_resources(foreign(self.out, res_src, src) if isinstance(res_src, Dictionary) else None)
        contents = self._contents(page, hidden, resources)
        first_pending = len(self.pending_links)
        annots_ops, kept = self.annotations.flatten(src, page, m, resources, document, hidden)
        prefix = stamp + (f"q {fmt_matrix(m)} cm {_n(box.x0)} {_n(box.y0)} {_n(box.width)} "
                          f"{_n(box.height)} re W n\n").encode()
        _add_fonts(resources, fonts)
        suffix = self.out.make_stream(b"\n" + annots_ops + b"Q\n") if annots_ops else self._restore
        new = Dictionary(Type=Name.Page, MediaBox=LETTER_BOX, Resources=resources,
                         Contents=Array([self.out.make_stream(prefix), *contents, suffix]))
        group = page.get("/Group")
        if isinstance(group, Dictionary):
            new.Group = foreign(self.out, group, src)
        ref = self._append(new)
        self.page_map.setdefault((document, page.objgen), ref)
        if kept:
            ref.Annots = Array(kept)
        for pending in self.pending_links[first_pending:]:
            pending.page = ref
        return ref

    def _contents(self, page: Dictionary, hidden, resources: Dictionary) -> list[pikepdf.Object]:
        streams = _content_streams(page)
        if hidden:  # layers the source shows switched off: their content is left out, as a viewer leaves it
            data = b"\n".join(self.cleaner.read_content(s) for s in streams)
            return [self.out.make_stream(self.cleaner.without_hidden(data, hidden, resources, self._forms_done))]
        return [self.out.copy_foreign(s) for s in streams]

    # -- page images -----------------------------------------------------------------------------------------
    def add_image_page(self, xobject: pikepdf.Object, image: PageImage, rotation: int, area: Box, landscape: str,
                       stamp: bytes, fonts: Dictionary) -> pikepdf.Object:
        if image.dpi:
            w, h = image.width * 72.0 / image.dpi, image.height * 72.0 / image.dpi
            cap: float | None = 1.0
        else:
            w, h, cap = float(image.width), float(image.height), None
        placement = place(Box(0, 0, w, h), rotation, area, landscape, max_scale=cap)
        m = multiply((w, 0.0, 0.0, h, 0.0, 0.0), placement.matrix)
        ops = stamp + f"q {fmt_matrix(m)} cm /PktImg Do Q\n".encode()
        new = Dictionary(
            Type=Name.Page, MediaBox=LETTER_BOX,
            Resources=Dictionary(XObject=Dictionary(PktImg=self.out.copy_foreign(xobject)), Font=fonts),
            Contents=self.out.make_stream(ops),
        )
        return self._append(new)


def foreign(out: pikepdf.Pdf, obj, src: pikepdf.Pdf):
    """`obj` of another Pdf, copied into `out` (qpdf copies it, and all it reaches, once per source object).

    qpdf copies only indirect objects: a direct dictionary or array is made indirect in its source first (the
    source is only changed in memory, never saved).
    """
    if isinstance(obj, (Dictionary, Array)) and not obj.is_indirect:
        obj = src.make_indirect(obj)
    if isinstance(obj, (Dictionary, Array, pikepdf.Stream)):
        return out.copy_foreign(obj)
    return obj


# -- reading source pages --------------------------------------------------------------------------------------

def inherited(page: Dictionary, key: str):
    """A page attribute, looked up through the page tree as the PDF spec says (loops and depth bounded)."""
    node, seen = page, set()
    for _ in range(_INHERITABLE_DEPTH):
        if not isinstance(node, Dictionary):
            return None
        value = node.get(key)
        if value is not None:
            return value
        if node.is_indirect:
            if node.objgen in seen:
                return None
            seen.add(node.objgen)
        node = node.get("/Parent")
    return None


def _number(value, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def box_of(value) -> Box | None:
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    b = Box.normalised(x0, y0, x1, y1)
    return b if b.width > 0 and b.height > 0 else None


def visible_box(page: Dictionary) -> Box:
    """What a viewer shows: the crop box inside the media box (falling back to the media box, then Letter)."""
    media = box_of(inherited(page, "/MediaBox")) or Box(0, 0, LETTER_W, LETTER_H)
    crop = box_of(inherited(page, "/CropBox"))
    if crop is None:
        return media
    return crop.intersect(media) or media


def user_unit(page: Dictionary) -> float:
    unit = _number(page.get("/UserUnit"), 1.0)
    return unit if 0 < unit < 100 else 1.0


def _content_streams(page: Dictionary) -> list[pikepdf.Object]:
    contents = page.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        return [contents]
    if isinstance(contents, Array):
        return [c for c in contents if isinstance(c, pikepdf.Stream)]
    return []


def _own_resources(res: Dictionary | None) -> Dictionary:
    """A shallow copy of the page's resources (with its own XObject dict), so shared dicts are never changed."""
    own = Dictionary({k: v for k, v in res.items()}) if isinstance(res, Dictionary) else Dictionary()
    xo = own.get("/XObject")
    own.XObject = Dictionary({k: v for k, v in xo.items()}) if isinstance(xo, Dictionary) else Dictionary()
    return own


def _add_fonts(resources: Dictionary, fonts: Dictionary) -> None:
    """Add the stamp fonts to a page's own resources (copying its font dict, which may be shared)."""
    current = resources.get("/Font")
    merged = Dictionary({k: v for k, v in current.items()}) if isinstance(current, Dictionary) else Dictionary()
    for k, v in fonts.items():
        merged[k] = v
    resources.Font = merged


def _n(v: float) -> str:
    return fmt_matrix((v, 0, 0, 0, 0, 0)).split()[0]
