"""What a source page must lose before it is copied: active content, XMP metadata, links into other pages.

The walk runs over the source's objects in memory (never saved back) from the page's resources and annotation
appearances, once per object per export: keys that could run, launch, submit or hide something are removed,
so are XMP packets nested in resources (they carry authors, paths and edit history) and references to page
objects, which would drag another page (and through it the whole source page tree) into the output.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from packet.export import layers

STRIP_KEYS = frozenset({
    "/Metadata", "/JS", "/JavaScript", "/AA", "/OpenAction", "/EmbeddedFiles", "/EmbeddedFile", "/XFA",
    "/AcroForm", "/Launch", "/RichMedia", "/PieceInfo", "/Thumb",
})
ACTIVE_ACTIONS = frozenset({
    "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm", "/GoToR", "/GoToE", "/Rendition",
    "/Sound", "/Movie", "/URI", "/Hide", "/SetOCGState", "/Trans", "/GoTo3DView", "/RichMediaExecute", "/Named",
})
# Values that hold only numbers, names or strings: not worth walking.
FLAT_KEYS = frozenset({
    "/Widths", "/W", "/W2", "/BBox", "/Matrix", "/Decode", "/Range", "/Domain", "/Encode", "/Bounds", "/FontBBox",
    "/Differences", "/Length", "/Filter", "/DecodeParms", "/C0", "/C1", "/Size", "/Type", "/Subtype", "/BaseFont",
    "/FontName", "/ProcSet",
})


class Cleaner:
    """Cleans the parts of source documents an export copies, each object once."""

    def __init__(self) -> None:
        self._seen: dict[int, set[tuple[int, int]]] = {}
        self._hidden: dict[int, set[tuple[int, int]]] = {}

    def hidden_layers(self, src: pikepdf.Pdf) -> set[tuple[int, int]]:
        """The optional-content groups the source shows switched off (empty for most documents)."""
        key = id(src)
        if key not in self._hidden:
            self._hidden[key] = layers.hidden_groups(src)
        return self._hidden[key]

    def clean_page(self, src: pikepdf.Pdf, page: Dictionary, resources) -> None:
        if isinstance(resources, Dictionary):
            self.clean_object(src, resources)

    def clean_object(self, src: pikepdf.Pdf, obj) -> None:
        seen = self._seen.setdefault(id(src), set())
        stack = [obj]
        while stack:
            item = stack.pop()
            if isinstance(item, Array):
                if item.is_indirect:
                    if item.objgen in seen:
                        continue
                    seen.add(item.objgen)
                for i, v in enumerate(item):
                    if isinstance(v, (Dictionary, Array, pikepdf.Stream)):
                        if _unwanted(v):
                            item[i] = None
                        else:
                            stack.append(v)
                continue
            if item.is_indirect:
                if item.objgen in seen:
                    continue
                seen.add(item.objgen)
            for key in list(item.keys()):
                if key in STRIP_KEYS:
                    del item[key]
                    continue
                if key in FLAT_KEYS:
                    continue
                v = item.get(key)
                if isinstance(v, (Dictionary, Array, pikepdf.Stream)):
                    if _unwanted(v):
                        del item[key]
                    else:
                        stack.append(v)

    # -- hidden layers ---------------------------------------------------------------------------------------
    def read_content(self, stream: pikepdf.Stream) -> bytes:
        return stream.read_bytes()

    def without_hidden(self, data: bytes, hidden: set[tuple[int, int]], resources: Dictionary,
                       done: set[tuple[int, int]]) -> bytes:
        return layers.strip_hidden(data, hidden, resources, done)


def _unwanted(v) -> bool:
    """A page or page-tree node, or an action (which could run something or go somewhere)."""
    if isinstance(v, Array):
        return False
    t = v.get("/Type")
    if t == Name.Page or t == Name.Pages:
        return True
    s = v.get("/S")
    return isinstance(s, Name) and str(s) in ACTIVE_ACTIONS
