"""Source pages on US Letter: a PDF page or a page-ready image, placed upright inside the margins.

A PDF page is cloned as is (its content streams are never decoded or re-encoded) and wrapped: a short stream in
front draws the stamp and sets the clip and the placement matrix; the page's own streams follow; a short stream
after them draws flattened annotations (form fields, markup) and restores the state. Page images are embedded as
the JPEG or 1-bit PNG data made at intake, unchanged.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    RectangleObject,
    StreamObject,
    TextStringObject,
)

from packet.core.geometry import (
    LETTER_H,
    LETTER_W,
    Box,
    Matrix,
    fmt_matrix,
    multiply,
    normalise_rotation,
    place,
    transform_box,
)
from packet.core.model import PageImage

# Page keys not carried over: annotations are rebuilt, actions and structure dropped, boxes replaced.
EXCLUDED_KEYS = (
    "/Annots", "/AA", "/B", "/Thumb", "/PieceInfo", "/StructParents", "/Tabs", "/MediaBox", "/CropBox",
    "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate", "/UserUnit", "/VP", "/Metadata", "/ID", "/PZ", "/SeparationInfo",
    "/Dur", "/Trans", "/PresSteps", "/TemplateInstantiated",
)
# pypdf's clone takes "N, key" pairs to ignore a key for N levels only: these apply to the page itself.
_TOP_LEVEL_EXCLUDED: list[str | int] = ["/Parent", *[x for k in EXCLUDED_KEYS for x in (1, k)]]
HIDDEN, NOVIEW = 2, 32


@dataclass
class PendingLink:
    """A link inside a source page to another of its document's pages, resolved once every page is placed."""

    annot: DictionaryObject
    document: str
    target_page_id: int  # id number of the target page object in the source reader
    ref: IndirectObject | None = None
    page: PageObject | None = None  # the output page holding the link


class PageBuilder:
    """Appends pages to a PdfWriter without pypdf's per-page page-tree walk (which is quadratic)."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.pages_ref = writer.root_object["/Pages"].indirect_reference
        self.pages_dict = writer.root_object["/Pages"].get_object()
        self.kids = self.pages_dict["/Kids"]
        self._shared_restore = self._stream(b"\nQ\n")
        self.pending_links: list[PendingLink] = []
        self.page_map: dict[tuple[str, int], IndirectObject] = {}  # (document, source page id) -> output page
        self._helvetica: IndirectObject | None = None
        self._named_cache: dict[int, dict[str, IndirectObject]] = {}

    # -- helpers ---------------------------------------------------------------------------------------------
    def _stream(self, data: bytes) -> IndirectObject:
        s = DecodedStreamObject()
        s.set_data(data)
        return self.writer._add_object(s)

    def _append(self, page: PageObject) -> PageObject:
        page[NameObject("/Parent")] = self.pages_ref
        if page.indirect_reference is None:
            page.indirect_reference = self.writer._add_object(page)
        self.kids.append(page.indirect_reference)
        self.writer.flattened_pages.append(page)
        return page

    def finish(self) -> None:
        self.pages_dict[NameObject("/Count")] = NumberObject(len(self.kids))

    # -- generated pages -------------------------------------------------------------------------------------
    def add_generated(self, page: PageObject) -> PageObject:
        new = page.clone(self.writer, False, ("/Parent", "/Annots")).get_object()
        return self._append(new)

    def stamp_fonts(self, carrier: PageObject, names: dict[str, str]) -> DictionaryObject:
        """The fonts the stamps use, copied once from the generated document's carrier page."""
        fonts = carrier["/Resources"].get_object()["/Font"].get_object()
        out = DictionaryObject()
        for internal, ours in names.items():
            ref = fonts.raw_get(NameObject(internal))
            obj = ref.clone(self.writer) if isinstance(ref, IndirectObject) else self.writer._add_object(ref.clone(self.writer))
            out[NameObject(ours)] = obj if isinstance(obj, IndirectObject) else obj.indirect_reference
        return out

    # -- source PDF pages ------------------------------------------------------------------------------------
    def add_pdf_page(
        self, reader: PdfReader, page_index: int, document: str, rotation: int, area: Box, landscape: str,
        stamp: bytes, fonts: DictionaryObject,
    ) -> PageObject:
        src = reader.pages[page_index]
        box = _visible_box(src)
        unit = _user_unit(src)
        turn = normalise_rotation(float(src.get("/Rotate", 0) or 0) + rotation)
        placement = place(box, turn, area, "shrink" if rotation else landscape, max_scale=unit)  # PlanPage.landscape
        m = placement.matrix
        # A source page placed twice (the same document in two exhibits) must become two output pages.
        self.writer._id_translated.get(id(reader), {}).pop(src.indirect_reference.idnum, None)
        new = src.clone(self.writer, False, _TOP_LEVEL_EXCLUDED).get_object()
        resources = _own_resources(new)
        first_pending = len(self.pending_links)
        annots_ops, kept = self._annotations(src, m, resources, document)
        prefix = stamp + (f"q {fmt_matrix(m)} cm {_n(box.x0)} {_n(box.y0)} {_n(box.width)} "
                          f"{_n(box.height)} re W n\n").encode()
        _add_fonts(resources, fonts)
        contents = [self._stream(prefix), *_content_refs(new)]
        contents.append(self._stream(b"\n" + annots_ops + b"Q\n") if annots_ops else self._shared_restore)
        new[NameObject("/Contents")] = ArrayObject(contents)
        new[NameObject("/Resources")] = resources
        new[NameObject("/MediaBox")] = RectangleObject([0, 0, LETTER_W, LETTER_H])
        page = self._append(new)
        self.page_map.setdefault((document, src.indirect_reference.idnum), page.indirect_reference)
        if kept:
            page[NameObject("/Annots")] = ArrayObject(kept)
        for pending in self.pending_links[first_pending:]:
            pending.page = page
        return page

    def _annotations(
        self, src: PageObject, m: Matrix, resources: DictionaryObject, document: str
    ) -> tuple[bytes, list[IndirectObject]]:
        """Flatten visible appearances into the page; keep web links (moved to where their text now is)."""
        ops: list[str] = []
        kept: list[IndirectObject] = []
        annots = src.get("/Annots")
        try:
            annots = annots.get_object() if annots is not None else []
        except Exception:
            annots = []
        for n, ref in enumerate(annots if isinstance(annots, ArrayObject) else []):
            try:
                a = ref.get_object()
                if not isinstance(a, DictionaryObject):
                    continue
                subtype = a.get("/Subtype")
                flags = int(a.get("/F", 0) or 0)
                if subtype == "/Link":
                    link = self._link(a, m, document, src)
                    if link is not None:
                        kept.append(link)
                    continue
                if subtype == "/Popup" or flags & (HIDDEN | NOVIEW):
                    continue
                ap = _appearance(a)
                if subtype == "/Widget" and _needs_new_appearance(a, ap, src):
                    ap = self._text_field_appearance(a, src) or ap
                if ap is None:
                    continue
                op = self._flatten_one(a, ap, n, resources)
                if op:
                    ops.append(op)
            except Exception:
                continue  # one odd annotation must not cost the page
        return "".join(ops).encode(), kept

    def _flatten_one(self, annot: DictionaryObject, ap: StreamObject, n: int, resources: DictionaryObject) -> str:
        rect = _box(annot.get("/Rect"))
        bbox = _box(ap.get("/BBox"))
        if rect is None or bbox is None:
            return ""
        matrix = tuple(float(v) for v in ap.get("/Matrix", [1, 0, 0, 1, 0, 0]))
        shown = transform_box(matrix, bbox)  # type: ignore[arg-type]
        if shown.width <= 0 or shown.height <= 0:
            return ""
        sx, sy = rect.width / shown.width, rect.height / shown.height
        fit = (sx, 0.0, 0.0, sy, rect.x0 - shown.x0 * sx, rect.y0 - shown.y0 * sy)
        name = NameObject(f"/PktAnnot{n}")
        own = ap.pop(NameObject("/PktOwn"), None) is not None  # a stream drawn here, not one from the source
        form = ap if own else ap.clone(self.writer)
        # Widgets' appearance streams often lack these keys; painted as an XObject, viewers then skip them.
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        ref = getattr(form, "indirect_reference", None) or self.writer._add_object(form)
        _xobjects(resources)[name] = ref
        return f"q {fmt_matrix(fit)} cm {name} Do Q\n"

    def _text_field_appearance(self, widget: DictionaryObject, page: PageObject) -> StreamObject | None:
        """Draw a text field's value afresh, for forms that left it to the viewer (NeedAppearances)."""
        value = _inherited(widget, "/V")
        rect = _box(widget.get("/Rect"))
        if rect is None or value is None:
            return None
        text = str(value.get_object() if isinstance(value, IndirectObject) else value)
        if not text.strip():
            return None
        form = _acroform(page)
        da = str(_inherited(widget, "/DA") or form.get("/DA") or "/Helv 0 Tf 0 g")
        match = re.search(r"/([^\s/]+)\s+([\d.]+)\s+Tf", da)
        size = float(match.group(2)) if match else 0.0
        w, h = rect.width, rect.height
        multiline = int(_inherited(widget, "/Ff") or 0) & 4096
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if multiline else [text.replace("\n", " ")]
        if size <= 0:
            size = max(4.0, min(12.0, (h - 2) * 0.75 if not multiline else 10.0))
        quadding = int(_inherited(widget, "/Q") or form.get("/Q") or 0)
        ops = ["/Tx BMC q BT", f"/PktFieldFont {size:g} Tf 0 g"]
        y = h - 2 - size if multiline else (h - size * 0.75) / 2
        for line in lines:
            approx = 0.5 * size * len(line)
            x = 2.0 if quadding == 0 else (w - approx) / 2 if quadding == 1 else w - 2 - approx
            data = line.encode("cp1252", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            ops.append(f"1 0 0 1 {max(x, 1.0):.2f} {y:.2f} Tm (" + data.decode("latin-1") + ") Tj")
            y -= size * 1.15
        ops.append("ET Q EMC")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1"))
        stream[NameObject("/BBox")] = RectangleObject([0, 0, w, h])
        stream[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/PktFieldFont"): self._field_font()}),
        })
        stream[NameObject("/PktOwn")] = NumberObject(1)
        return stream

    def _field_font(self) -> IndirectObject:
        if self._helvetica is None:
            self._helvetica = self.writer._add_object(DictionaryObject({
                NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }))
        return self._helvetica

    def _link(self, a: DictionaryObject, m: Matrix, document: str, src: PageObject | None = None
              ) -> IndirectObject | None:
        rect = _box(a.get("/Rect"))
        if rect is None:
            return None
        moved = transform_box(m, rect)
        link = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): RectangleObject([moved.x0, moved.y0, moved.x1, moved.y1]),
            NameObject("/Border"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(0)]),
        })
        action = a.get("/A")
        action = action.get_object() if action is not None else None
        if isinstance(action, DictionaryObject) and action.get("/S") == "/URI" and action.get("/URI"):
            link[NameObject("/A")] = DictionaryObject({
                NameObject("/S"): NameObject("/URI"),
                NameObject("/URI"): TextStringObject(str(action["/URI"])),
            })
            return self.writer._add_object(link)
        dest = a.get("/Dest")
        if dest is None and isinstance(action, DictionaryObject) and action.get("/S") == "/GoTo":
            dest = action.get("/D")
        dest = dest.get_object() if dest is not None else None
        if not isinstance(dest, ArrayObject) and dest is not None and src is not None:
            dest = self._named(src, str(dest))  # a named destination (LaTeX writes these): look it up
        if isinstance(dest, ArrayObject) and dest and isinstance(dest[0], IndirectObject):
            ref = self.writer._add_object(link)
            self.pending_links.append(PendingLink(link, document, dest[0].idnum, ref))
            return ref
        return None  # other actions (launch, remote files, scripts) are dropped

    def _named(self, src: PageObject, name: str) -> ArrayObject | None:
        """The page a named destination points at, as an explicit destination; looked up once per document."""
        reader = src.pdf
        key = id(reader)
        if key not in self._named_cache:
            table: dict[str, IndirectObject] = {}
            try:
                for dest_name, d in reader.named_destinations.items():  # type: ignore[union-attr]
                    page = d.raw_get("/Page") if hasattr(d, "raw_get") else None
                    if isinstance(page, IndirectObject):
                        table[str(dest_name)] = page
            except Exception:
                pass
            self._named_cache[key] = table
        page = self._named_cache[key].get(name) or self._named_cache[key].get(name.lstrip("/"))
        return ArrayObject([page]) if page is not None else None

    # -- page images -----------------------------------------------------------------------------------------
    def add_image_page(
        self, image_ref: IndirectObject, image: PageImage, rotation: int, area: Box, landscape: str,
        stamp: bytes, fonts: DictionaryObject,
    ) -> PageObject:
        if image.dpi:
            w, h = image.width * 72.0 / image.dpi, image.height * 72.0 / image.dpi
            cap: float | None = 1.0
        else:
            w, h, cap = float(image.width), float(image.height), None
        placement = place(Box(0, 0, w, h), rotation, area, "shrink", max_scale=cap)  # upright: PlanPage.landscape
        m = multiply((w, 0.0, 0.0, h, 0.0, 0.0), placement.matrix)
        ops = stamp + f"q {fmt_matrix(m)} cm /PktImg Do Q\n".encode()
        page = PageObject.create_blank_page(self.writer, LETTER_W, LETTER_H)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/XObject"): DictionaryObject({NameObject("/PktImg"): image_ref}),
            NameObject("/Font"): fonts,
        })
        page[NameObject("/Contents")] = self._stream(ops)
        return self._append(page)

    def image_xobject(self, folder: Path, image: PageImage) -> IndirectObject:
        data = (folder / image.file).read_bytes()
        stream = StreamObject()
        stream[NameObject("/Type")] = NameObject("/XObject")
        stream[NameObject("/Subtype")] = NameObject("/Image")
        if image.encoding == "png1":
            width, height, idat = _png_idat(data)
            stream._data = idat
            stream[NameObject("/Filter")] = NameObject("/FlateDecode")
            stream[NameObject("/DecodeParms")] = DictionaryObject({
                NameObject("/Predictor"): NumberObject(15), NameObject("/Colors"): NumberObject(1),
                NameObject("/BitsPerComponent"): NumberObject(1), NameObject("/Columns"): NumberObject(width),
            })
            stream[NameObject("/BitsPerComponent")] = NumberObject(1)
            stream[NameObject("/ColorSpace")] = NameObject("/DeviceGray")
        else:
            width, height, components = _jpeg_size(data)
            stream._data = data
            stream[NameObject("/Filter")] = NameObject("/DCTDecode")
            stream[NameObject("/BitsPerComponent")] = NumberObject(8)
            space = {1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}.get(components, "/DeviceRGB")
            stream[NameObject("/ColorSpace")] = NameObject(space)
            if components == 4:  # Adobe CMYK JPEGs are stored inverted
                stream[NameObject("/Decode")] = ArrayObject([NumberObject(v) for v in (1, 0) * 4])
        stream[NameObject("/Width")] = NumberObject(width)
        stream[NameObject("/Height")] = NumberObject(height)
        stream[NameObject("/Length")] = NumberObject(len(stream._data))
        return self.writer._add_object(stream)


def _n(v: float) -> str:
    return fmt_matrix((v, 0, 0, 0, 0, 0)).split()[0]


def _box(value: object) -> Box | None:
    try:
        v = value.get_object() if isinstance(value, IndirectObject) else value
        x0, y0, x1, y1 = (float(x) for x in v)  # type: ignore[union-attr]
    except Exception:
        return None
    b = Box.normalised(x0, y0, x1, y1)
    return b if b.width > 0 and b.height > 0 else None


def _visible_box(page: PageObject) -> Box:
    """What a viewer shows: the crop box inside the media box (falling back to the media box, then Letter)."""
    media = _box(page.get("/MediaBox")) or Box(0, 0, LETTER_W, LETTER_H)
    crop = _box(page.get("/CropBox"))
    if crop is None:
        return media
    return crop.intersect(media) or media


def _user_unit(page: PageObject) -> float:
    try:
        unit = float(page.get("/UserUnit", 1) or 1)
    except (TypeError, ValueError):
        return 1.0
    return unit if 0 < unit < 100 else 1.0


def _own_resources(page: PageObject) -> DictionaryObject:
    """A shallow copy of the page's resources (with its own XObject dict), so shared dicts are never changed."""
    res = page.get("/Resources")
    res = res.get_object() if res is not None else DictionaryObject()
    own = DictionaryObject(res.items()) if isinstance(res, DictionaryObject) else DictionaryObject()
    xo = own.get("/XObject")
    xo = xo.get_object() if xo is not None else DictionaryObject()
    own[NameObject("/XObject")] = DictionaryObject(xo.items()) if isinstance(xo, DictionaryObject) else DictionaryObject()
    return own


def _add_fonts(resources: DictionaryObject, fonts: DictionaryObject) -> None:
    """Add the stamp fonts to a page's own resources (copying its font dict, which may be shared)."""
    current = resources.get("/Font")
    current = current.get_object() if current is not None else None
    merged = DictionaryObject(current.items()) if isinstance(current, DictionaryObject) else DictionaryObject()
    merged.update(fonts)
    resources[NameObject("/Font")] = merged


def _xobjects(resources: DictionaryObject) -> DictionaryObject:
    return resources[NameObject("/XObject")]  # type: ignore[return-value]


def _content_refs(page: PageObject) -> list[IndirectObject]:
    contents = page.get("/Contents")
    if contents is None:
        return []
    if isinstance(contents, IndirectObject):
        obj = contents.get_object()
        if isinstance(obj, ArrayObject):
            return [c for c in obj if isinstance(c, IndirectObject)]
        return [contents]
    if isinstance(contents, ArrayObject):
        return [c for c in contents if isinstance(c, IndirectObject)]
    return []


def _appearance(annot: DictionaryObject) -> StreamObject | None:
    ap = annot.get("/AP")
    ap = ap.get_object() if ap is not None else None
    if not isinstance(ap, DictionaryObject) or "/N" not in ap:
        return None
    normal = ap["/N"].get_object()
    if isinstance(normal, StreamObject):
        return normal
    if isinstance(normal, DictionaryObject):
        state = annot.get("/AS")
        if state is not None and state in normal:
            chosen = normal[state].get_object()
            return chosen if isinstance(chosen, StreamObject) else None
    return None


def _inherited(field: DictionaryObject, key: str, depth: int = 0):
    """A form field's entry, looked up through its /Parent chain as the PDF spec says."""
    while field is not None and depth < 20:
        if key in field:
            value = field[key]
            return value.get_object() if isinstance(value, IndirectObject) else value
        parent = field.get("/Parent")
        field = parent.get_object() if parent is not None else None
        depth += 1
    return None


def _acroform(page: PageObject) -> DictionaryObject:
    try:
        form = page.pdf.trailer["/Root"].get_object().get("/AcroForm")  # type: ignore[union-attr]
        form = form.get_object() if form is not None else None
    except Exception:
        return DictionaryObject()
    return form if isinstance(form, DictionaryObject) else DictionaryObject()


def _needs_new_appearance(widget: DictionaryObject, ap: StreamObject | None, page: PageObject) -> bool:
    """A text field whose value a viewer would draw but whose appearance stream does not show it."""
    if _inherited(widget, "/FT") != "/Tx" or _inherited(widget, "/V") is None:
        return False
    if ap is None:
        return True
    try:
        drawn = ap.get_data()
    except Exception:
        return True
    empty = not re.sub(rb"/Tx\s+BMC|EMC|\s", b"", drawn)
    return empty or bool(_acroform(page).get("/NeedAppearances")) and b"Tj" not in drawn and b"TJ" not in drawn


def _png_idat(data: bytes) -> tuple[int, int, bytes]:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("page image is not a PNG")
    pos, idat, width, height = 8, [], 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 1 or colour != 0 or interlace:
                raise ValueError("page image is not a plain 1-bit greyscale PNG")
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    payload = b"".join(idat)
    zlib.decompressobj().decompress(payload[:64])  # fail early on garbage
    return width, height, payload


def _jpeg_size(data: bytes) -> tuple[int, int, int]:
    """Width, height and number of components from a JPEG's frame header."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            pos += 1
            continue
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            pos += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height, data[pos + 9]
        pos += 2 + length
    raise ValueError("page image is not a readable JPEG")


