"""What a source page must lose before it is copied: active content, XMP metadata, links into other pages.

The walk runs over the gathered pages' objects from each page's resources and annotation appearances, once
per object per output file: keys that could run, launch, submit or hide something are removed,
so are XMP packets nested in resources (they carry authors, paths and edit history) and references to page
objects, which would drag another page (and through it the whole source page tree) into the output.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

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
    """Cleans the objects of one gathered Pdf that its pages draw with, each object once."""

    def __init__(self) -> None:
        self._seen: set[tuple[int, int]] = set()

    def clean(self, obj) -> None:
        seen = self._seen
        stack = [obj]
        while stack:
            item = stack.pop()
            if item.is_indirect:
                if item.objgen in seen:
                    continue
                seen.add(item.objgen)
            if isinstance(item, Array):
                for i, v in enumerate(item):
                    if isinstance(v, (Dictionary, Array, pikepdf.Stream)):
                        if _unwanted(v):
                            item[i] = None
                        else:
                            stack.append(v)
                continue
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


def _unwanted(v) -> bool:
    """A page or page-tree node, or an action (which could run something or go somewhere)."""
    if isinstance(v, Array):
        return False
    t = v.get("/Type")
    if t == Name.Page or t == Name.Pages:
        return True
    s = v.get("/S")
    return isinstance(s, Name) and str(s) in ACTIVE_ACTIONS
