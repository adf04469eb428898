"""The pages of one output file, gathered by qpdf in plan order before Packet shapes them.

qpdf's page copying (a qpdf job, `--empty --pages ...`, keeping the source files open) copies each source page
with everything it reaches, maps links between pages copied together, and reads stream data from the source
files only when the output is written: memory stays flat however many pages there are. Generated pages come
from the drawn reportlab document and page images from the carrier PDF the same way; the drawn document's last
page (the stamp-font carrier) comes last, for its fonts, and is taken out again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from packet.core.i18n import _
from packet.core.model import Packet
from packet.core.plan import GENERATED_KINDS, Plan
from packet.export.errors import ExportError
from packet.export.generated import Generated
from packet.export.sources import Sources


@dataclass
class Merged:
    """The job's Pdf (kept with its job, which owns the open source files) and where each page came from."""

    pdf: pikepdf.Pdf
    job: pikepdf.Job
    origins: list[tuple[str, int]] = field(default_factory=list)  # per output page: (document or "", source page)
    text_pages: int = 0  # pages given a recognised text layer when they were shaped

    def close(self) -> None:
        self.pdf.close()


def merge(plan: Plan, pages: range, sources: Sources, generated: Generated, generated_path: Path) -> Merged:
    """A Pdf holding, in order, the raw pages for plan pages `pages`, then the stamp-font carrier page."""
    packet = plan.packet
    specs: list[tuple[str, int]] = []  # (file, 1-based page)
    origins: list[tuple[str, int]] = []
    for i in pages:
        page = plan.pages[i]
        if page.kind in GENERATED_KINDS:
            specs.append((str(generated_path), generated.pages[i] + 1))
            origins.append(("", 0))
            continue
        doc = packet.documents[page.document]
        if doc.kind == "pdf":
            _exists(sources, packet, page.document)
            specs.append((str(sources.path_of(doc)), page.source_page))
        else:
            carrier, n = sources.image_page(doc, page.source_page)
            specs.append((str(carrier), n))
        origins.append((doc.sha256, page.source_page))
    specs.append((str(generated_path), generated.carrier + 1))
    job = pikepdf.Job({
        "empty": "", "outputFile": os.devnull, "keepFilesOpen": "y", "removeUnreferencedResources": "no",
        "noWarn": "", "pages": [{"file": f, "range": r} for f, r in _runs(specs)],
    })
    try:
        pdf = job.create_pdf()
    except Exception as exc:
        raise ExportError(_which_failed(plan, pages, sources, exc)) from exc
    if len(pdf.pages) != len(specs):
        raise ExportError(f"internal error: qpdf gathered {len(pdf.pages)} pages, expected {len(specs)}")
    return Merged(pdf, job, origins)


def _runs(specs: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """Consecutive pages of one file as one page range ("3-7,9"), as qpdf takes them."""
    out: list[tuple[str, list[int]]] = []
    for f, n in specs:
        if out and out[-1][0] == f:
            out[-1][1].append(n)
        else:
            out.append((f, [n]))
    ranges = []
    for f, numbers in out:
        parts: list[str] = []
        start = prev = numbers[0]
        for n in numbers[1:]:
            if n == prev + 1:
                prev = n
                continue
            parts.append(str(start) if start == prev else f"{start}-{prev}")
            start = prev = n
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        ranges.append((f, ",".join(parts)))
    return ranges


def _exists(sources: Sources, packet: Packet, sha: str) -> None:
    doc = packet.documents[sha]
    if not sources.path_of(doc).is_file():
        stored = doc.pdf_file()
        raise ExportError(_("{original_name}: its stored copy ({stored}) is missing from the packet folder. "
                            "Remove the exhibit and add the file again.").format(
                              original_name=doc.original_name, stored=stored))


def _which_failed(plan: Plan, pages: range, sources: Sources, exc: BaseException) -> str:
    """Find the document qpdf could not read, by opening each in turn, and say which exhibit it is."""
    packet = plan.packet
    for i in pages:
        p = plan.pages[i]
        if p.kind in GENERATED_KINDS or packet.documents[p.document].kind != "pdf":
            continue
        doc = packet.documents[p.document]
        try:
            sources.pdf(doc)
        except ExportError as err:
            return str(err)
    text = " ".join(str(exc).split())[:200]
    return _("the pages could not be gathered ({text}). Please report this with the packet.").format(text=text)
