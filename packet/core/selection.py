"""An exhibit's page selection in words, as `packet list`, `packet pages` and the window say it:
"pp. 1-3, 5 of 19; p. 2 turned 90°".
"""

from __future__ import annotations

from collections.abc import Mapping

from packet.core.i18n import _, ngettext
from packet.core.model import Document, Exhibit, PageRef


def page_ranges(numbers: list[int]) -> str:
    """'1-3, 5' for [1, 2, 3, 5]; runs are found in the order given ([5, 1, 2] is '5, 1-2')."""
    out: list[str] = []
    start = prev = None
    for n in numbers:
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    if start is not None:
        out.append(str(start) if start == prev else f"{start}-{prev}")
    return ", ".join(out)


def _pp(numbers: list[int]) -> str:
    return ngettext("p. {pages}", "pp. {pages}", len(numbers)).format(pages=page_ranges(numbers))


def is_plain(exhibit: Exhibit, documents: Mapping[str, Document]) -> bool:
    """The exhibit shows its document as it is: every page, in order, none turned on its own."""
    doc = documents.get(exhibit.document)
    refs = exhibit.page_list(documents)
    return doc is not None and len(refs) == doc.pages and all(
        r.document == exhibit.document and r.page == i and not r.rotate and not r.hidden
        for i, r in enumerate(refs, start=1))


def describe(exhibit: Exhibit, documents: Mapping[str, Document]) -> str:
    """What the selection keeps and turns, or '' when the exhibit shows its document as it is."""
    if is_plain(exhibit, documents):
        return ""
    refs = exhibit.page_list(documents)
    order = list(dict.fromkeys(r.document for r in refs))
    several = len(order) > 1
    parts = []
    for sha in order:
        doc = documents[sha]
        kept = [r.page for r in refs if r.document == sha and not r.hidden]
        if not kept:
            continue
        if several:
            parts.append(_("{pages} of {name}").format(pages=_pp(kept), name=doc.original_name))
        elif kept != list(range(1, doc.pages + 1)):  # every page in order: only the turns are worth saying
            parts.append(_("{pages} of {n}").format(pages=_pp(kept), n=doc.pages))
    turned: dict[int, list[PageRef]] = {}
    for r in refs:
        if r.rotate and not r.hidden:
            turned.setdefault(r.rotate, []).append(r)
    for degrees, pages in turned.items():  # in the order the pages come
        names = "; ".join(_("{pages} of {name}").format(pages=_pp([r.page for r in pages if r.document == sha]),
                                                         name=documents[sha].original_name) if several
                          else _pp([r.page for r in pages if r.document == sha])
                          for sha in order if any(r.document == sha for r in pages))
        parts.append(_("{pages} turned {degrees}°").format(pages=names, degrees=degrees))
    return "; ".join(parts)
