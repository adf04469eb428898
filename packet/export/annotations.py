"""A source page's annotations on its output page: appearances flattened into the page, links kept and moved.

Form fields and markup are drawn as they look (their appearance stream, or a text field's value drawn afresh
when the form left drawing to the viewer); nothing stays interactive. Links are rebuilt from scratch: a web
link keeps its address when the scheme is http, https or mailto; a link to another page of the same document
goes to that page's place in the same output file; every other action is dropped.

The annotations are read from the source document itself, not from qpdf's copy of the page: qpdf merges the
forms of the pages it copies and renames their fonts, which would leave flattened appearances without them.
Appearance streams are small; they are copied into the output one by one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

import pikepdf
from pikepdf import Array, Dictionary, Name

from packet.core.geometry import Box, Matrix, fmt_matrix, transform_box

HIDDEN, NOVIEW = 2, 32
WEB_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def web_address(uri: object) -> str | None:
    """The address of a URI action when it is one a filing may carry (http, https, mailto), else None."""
    try:
        text = bytes(uri).decode("latin-1") if isinstance(uri, pikepdf.String) else str(uri)
    except Exception:
        return None
    text = text.strip()
    match = _SCHEME.match(text)
    if not match or match.group(1).lower() not in WEB_SCHEMES or any(ord(c) < 32 for c in text):
        return None
    return text


# The output page showing a document's page: (document, 1-based source page) -> page, or None.
PageOf = Callable[[str, int], "pikepdf.Object | None"]


@dataclass
class AnnotationFlattener:
    out: pikepdf.Pdf
    clean: Callable[[pikepdf.Object], None]  # rids an appearance stream's resources of active content
    page_of: PageOf
    _helvetica: pikepdf.Object | None = None
    _numbers: dict[int, dict[tuple[int, int], int]] = field(default_factory=dict)
    _named: dict[int, dict[str, tuple[int, int]]] = field(default_factory=dict)

    def flatten(self, src: pikepdf.Pdf, page: Dictionary, m: Matrix, resources: Dictionary, document: str
                ) -> tuple[bytes, list[pikepdf.Object]]:
        """Operators drawing the visible annotations of source page `page`, and the links kept (in the output)."""
        ops: list[str] = []
        kept: list[pikepdf.Object] = []
        annots = page.get("/Annots")
        if not isinstance(annots, Array):
            return b"", kept
        for n, a in enumerate(annots):
            try:
                if not isinstance(a, Dictionary):
                    continue
                subtype = a.get("/Subtype")
                flags = _int(a.get("/F"))
                if subtype == Name.Link:
                    link = self._link(src, a, m, document)
                    if link is not None:
                        kept.append(link)
                    continue
                if subtype == Name.Popup or flags & (HIDDEN | NOVIEW):
                    continue
                ap = _appearance(a)
                own = False
                if subtype == Name.Widget and _needs_new_appearance(acroform(src), a, ap):
                    drawn = self._text_field_appearance(a, acroform(src))
                    if drawn is not None:
                        ap, own = drawn, True
                if ap is None:
                    continue
                op = self._flatten_one(a, ap, own, n, resources)
                if op:
                    ops.append(op)
            except Exception:
                continue  # one odd annotation must not cost the page
        return "".join(ops).encode(), kept

    def _flatten_one(self, annot: Dictionary, ap: pikepdf.Stream, own: bool, n: int, resources: Dictionary) -> str:
        rect = Box.parse(annot.get("/Rect"))
        bbox = Box.parse(ap.get("/BBox"))
        if rect is None or bbox is None:
            return ""
        try:
            matrix = tuple(float(v) for v in ap.get("/Matrix", [1, 0, 0, 1, 0, 0]))
        except (TypeError, ValueError):
            matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        if len(matrix) != 6:
            return ""
        shown = transform_box(matrix, bbox)
        if shown.width <= 0 or shown.height <= 0:
            return ""
        sx, sy = rect.width / shown.width, rect.height / shown.height
        fit = (sx, 0.0, 0.0, sy, rect.x0 - shown.x0 * sx, rect.y0 - shown.y0 * sy)
        if not own:
            self.clean(ap)
            ap = cast(pikepdf.Stream, self.out.copy_foreign(ap))
        # Widgets' appearance streams often lack these keys; painted as an XObject, viewers then skip them.
        ap.Type = Name.XObject
        ap.Subtype = Name.Form
        name = f"/PktAnnot{n}"
        resources.XObject[name] = ap
        return f"q {fmt_matrix(fit)} cm {name} Do Q\n"

    def _text_field_appearance(self, widget: Dictionary, form: Dictionary) -> pikepdf.Stream | None:
        """Draw a text field's value afresh, for forms that left it to the viewer (NeedAppearances)."""
        value = _inherited(widget, "/V")
        rect = Box.parse(widget.get("/Rect"))
        if rect is None or value is None:
            return None
        text = str(value)
        if not text.strip():
            return None
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
        stream = self.out.make_stream("\n".join(ops).encode("latin-1"))
        stream.BBox = [0, 0, w, h]
        stream.Resources = Dictionary(Font=Dictionary(PktFieldFont=self._field_font()))
        return stream

    def _field_font(self) -> pikepdf.Object:
        if self._helvetica is None:
            self._helvetica = self.out.make_indirect(Dictionary(
                Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding))
        return self._helvetica

    # -- links -----------------------------------------------------------------------------------------------
    def _link(self, src: pikepdf.Pdf, a: Dictionary, m: Matrix, document: str) -> pikepdf.Object | None:
        rect = Box.parse(a.get("/Rect"))
        if rect is None:
            return None
        moved = transform_box(m, rect)
        link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[moved.x0, moved.y0, moved.x1, moved.y1],
                          Border=[0, 0, 0])
        action = a.get("/A")
        if isinstance(action, Dictionary) and action.get("/S") == Name.URI:
            address = web_address(action.get("/URI"))
            if address is None:
                return None  # javascript:, file:, data: and the like are never carried
            link.A = Dictionary(S=Name.URI, URI=pikepdf.String(address))
            return self.out.make_indirect(link)
        dest = a.get("/Dest")
        if dest is None and isinstance(action, Dictionary) and action.get("/S") == Name.GoTo:
            dest = action.get("/D")
        target = self._target(src, dest, document)
        if target is None:
            return None  # a page not in this file, and other actions (launch, remote files, scripts)
        link.Dest = Array([target, Name.Fit])
        return self.out.make_indirect(link)

    def _target(self, src: pikepdf.Pdf, dest, document: str) -> pikepdf.Object | None:
        """The output page a destination points at (explicit, or named as LaTeX writes them)."""
        key = id(src)
        if key not in self._numbers:
            self._numbers[key] = {p.obj.objgen: n for n, p in enumerate(src.pages, start=1)}
        if isinstance(dest, (pikepdf.String, Name)):
            if key not in self._named:
                self._named[key] = named_destinations(src)
            target = self._named[key].get(str(dest)[1:] if isinstance(dest, Name) else str(dest))
        else:
            page = _dest_page(dest)
            target = page.objgen if page is not None else None
        number = self._numbers[key].get(target) if target is not None else None
        return self.page_of(document, number) if number else None


def _dest_page(value) -> pikepdf.Object | None:
    """The page object an explicit destination (or a dictionary holding one under /D) points at."""
    if isinstance(value, Dictionary):
        value = value.get("/D")
    if isinstance(value, Array) and len(value) and isinstance(value[0], Dictionary) and value[0].is_indirect:
        return value[0]
    return None


def named_destinations(pdf: pikepdf.Pdf) -> dict[str, tuple[int, int]]:
    """A document's named destinations (name tree and the older /Dests dictionary) -> page object ids."""
    table: dict[str, tuple[int, int]] = {}
    try:
        names = pdf.Root.get("/Names")
        tree = names.get("/Dests") if isinstance(names, Dictionary) else None
        if isinstance(tree, Dictionary):
            for name, value in pikepdf.NameTree(tree).items():
                page = _dest_page(value)
                if page is not None:
                    table[str(name)] = page.objgen
        old = pdf.Root.get("/Dests")
        if isinstance(old, Dictionary):
            for name in old.keys():
                page = _dest_page(old[name])
                if page is not None:
                    table.setdefault(str(name)[1:], page.objgen)
    except Exception:
        pass
    return table


def _int(value) -> int:
    try:
        return int(value) if value is not None else 0
    except (TypeError, ValueError):
        return 0


def _appearance(annot: Dictionary) -> pikepdf.Stream | None:
    ap = annot.get("/AP")
    if not isinstance(ap, Dictionary) or "/N" not in ap:
        return None
    normal = ap.N
    if isinstance(normal, pikepdf.Stream):
        return normal
    if isinstance(normal, Dictionary):
        state = annot.get("/AS")
        if isinstance(state, Name) and state in normal:
            chosen = normal[state]
            return chosen if isinstance(chosen, pikepdf.Stream) else None
    return None


def _inherited(fld: pikepdf.Object | None, key: str, depth: int = 0) -> pikepdf.Object | None:
    """A form field's entry, looked up through its /Parent chain as the PDF spec says."""
    while isinstance(fld, Dictionary) and depth < 20:
        if key in fld:
            return fld[key]
        fld = fld.get("/Parent")
        depth += 1
    return None


def acroform(pdf: pikepdf.Pdf) -> Dictionary:
    form = pdf.Root.get("/AcroForm")
    return form if isinstance(form, Dictionary) else Dictionary()


def _needs_new_appearance(form: Dictionary, widget: Dictionary, ap: pikepdf.Stream | None) -> bool:
    """A text field whose value a viewer would draw but whose appearance stream does not show it."""
    if _inherited(widget, "/FT") != Name.Tx or _inherited(widget, "/V") is None:
        return False
    if ap is None:
        return True
    try:
        drawn = ap.read_bytes()
    except Exception:
        return True
    empty = not re.sub(rb"/Tx\s+BMC|EMC|\s", b"", drawn)
    needs = bool(form.get("/NeedAppearances", False))
    return empty or needs and b"Tj" not in drawn and b"TJ" not in drawn
