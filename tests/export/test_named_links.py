"""Links inside a source PDF that use named destinations (as LaTeX's hyperref writes them) keep working."""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject

from packet.export.build import export_packet
from packet.store.folder import create_packet
from packet.store.intake import add_files


def test_named_destination_links_point_at_their_pages(tmp_path, corpus):
    src = corpus / "pdflatex-outline.pdf"
    reader = PdfReader(src)
    named = sum(1 for p in reader.pages for a in p.get("/Annots", []) or []
                if not isinstance(a.get_object().get("/Dest", a.get_object().get("/A", {}).get("/D")), ArrayObject)
                and a.get_object().get("/Subtype") == "/Link"
                and (a.get_object().get("/Dest") is not None or a.get_object().get("/A", {}).get("/S") == "/GoTo"))
    assert named > 0  # the file really uses named destinations
    pf = create_packet(tmp_path / "p")
    add_files(pf, [src])
    result = export_packet(pf.packet, pf.path, tmp_path / "out.pdf")
    out = PdfReader(result.path)
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(out.pages)}
    exhibit = [i for i, p in enumerate(result.plan.pages) if p.kind == "exhibit"]
    internal = []
    for i in exhibit:
        for ref in out.pages[i].get("/Annots", []) or []:
            dest = ref.get_object().get("/Dest")
            if isinstance(dest, ArrayObject):
                assert isinstance(dest[0], IndirectObject) and pages[dest[0].idnum] in exhibit
                internal.append(pages[dest[0].idnum])
    assert len(internal) >= named  # every named link survived, pointing inside the exhibit
