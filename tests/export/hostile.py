"""Small PDFs that carry what a filing must not: hidden layers, odd link schemes, XMP, damage, bombs, loops."""

from __future__ import annotations

import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name


def helvetica(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))


def _page(pdf: pikepdf.Pdf, content: bytes, **resources) -> pikepdf.Page:
    pdf.add_blank_page(page_size=(612, 792))
    page = pdf.pages[-1]
    page.obj.Resources = Dictionary(Font=Dictionary(F1=helvetica(pdf)), **resources)
    page.obj.Contents = pdf.make_stream(content)
    return page


def layered_pdf(path: Path) -> Path:
    """One page with a visible layer, a hidden layer (text, a form drawn under /OC, an annotation) and a
    layer-membership dictionary that hides only when the hidden layer is on."""
    pdf = pikepdf.new()
    shown = pdf.make_indirect(Dictionary(Type=Name.OCG, Name=pikepdf.String("Shown")))
    hidden = pdf.make_indirect(Dictionary(Type=Name.OCG, Name=pikepdf.String("Private notes")))
    all_on = pdf.make_indirect(Dictionary(Type=Name.OCMD, OCGs=Array([shown, hidden]), P=Name.AllOn))
    form = pdf.make_stream(b"BT /F1 14 Tf 72 500 Td (HIDDENFORM) Tj ET")
    form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, [0, 0, 612, 792]
    form.Resources = Dictionary(Font=Dictionary(F1=helvetica(pdf)))
    form.OC = hidden
    content = (b"BT /F1 14 Tf 72 700 Td (PLAINTEXT) Tj ET\n"
               b"/OC /Shown BDC BT /F1 14 Tf 72 650 Td (VISIBLELAYER) Tj ET EMC\n"
               b"/OC /Notes BDC BT /F1 14 Tf 72 600 Td (HIDDENLAYER) Tj ET "
               b"/Span BMC BT /F1 14 Tf 72 580 Td (HIDDENNESTED) Tj ET EMC EMC\n"
               b"/OC /Both BDC BT /F1 14 Tf 72 550 Td (HIDDENBYPOLICY) Tj ET EMC\n"
               b"/Hidden Do\n"
               b"BT /F1 14 Tf 72 450 Td (AFTERALL) Tj ET\n")
    page = _page(pdf, content, Properties=Dictionary(Shown=shown, Notes=hidden, Both=all_on),
                 XObject=Dictionary(Hidden=form))
    ap = pdf.make_stream(b"BT /F1 12 Tf 2 4 Td (HIDDENNOTE) Tj ET")
    ap.Type, ap.Subtype, ap.BBox = Name.XObject, Name.Form, [0, 0, 200, 20]
    ap.Resources = Dictionary(Font=Dictionary(F1=helvetica(pdf)))
    page.obj.Annots = Array([pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.FreeText, Rect=[72, 400, 272, 420], AP=Dictionary(N=ap), OC=hidden,
        DA=pikepdf.String("/F1 12 Tf"), Contents=pikepdf.String("HIDDENNOTE")))])
    pdf.Root.OCProperties = Dictionary(OCGs=Array([shown, hidden]),
                                       D=Dictionary(ON=Array([shown]), OFF=Array([hidden])))
    pdf.save(path)
    return path


LINKS = {
    "HTTPLINK": "http://example.org/a", "HTTPSLINK": "https://example.org/b", "MAILLINK": "mailto:clerk@example.org",
    "JSLINK": "javascript:alert(1)", "FILELINK": "file:///etc/passwd", "DATALINK": "data:text/html,<b>x</b>",
    "SPACEDJS": "  JavaScript:alert(2)",
}


def links_pdf(path: Path) -> Path:
    """One page of words, each under a URI link with the scheme its name says."""
    pdf = pikepdf.new()
    lines = []
    annots = []
    for n, (word, uri) in enumerate(LINKS.items()):
        y = 700 - 30 * n
        lines.append(f"BT /F1 14 Tf 72 {y} Td ({word}) Tj ET")
        annots.append(pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=[70, y - 4, 250, y + 14], Border=[0, 0, 0],
            A=Dictionary(S=Name.URI, URI=pikepdf.String(uri)))))
    page = _page(pdf, "\n".join(lines).encode())
    page.obj.Annots = Array(annots)
    pdf.save(path)
    return path


XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
       b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>SECRETAUTHOR C:\\Users\\paralegal\\case-notes'
       b'</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def xmp_pdf(path: Path) -> Path:
    """XMP packets on the document, on the page, on an image and on a form the page draws."""
    pdf = pikepdf.new()
    meta = pdf.make_stream(XMP)
    meta.Type, meta.Subtype = Name.Metadata, Name.XML
    image = pdf.make_stream(b"\x00\xff" * 32)
    image.Type, image.Subtype, image.Width, image.Height = Name.XObject, Name.Image, 8, 8
    image.ColorSpace, image.BitsPerComponent, image.Metadata = Name.DeviceGray, 8, meta
    form = pdf.make_stream(b"BT /F1 14 Tf 72 600 Td (FORMTEXT) Tj ET")
    form.Type, form.Subtype, form.BBox, form.Metadata = Name.XObject, Name.Form, [0, 0, 612, 792], meta
    form.Resources = Dictionary(Font=Dictionary(F1=helvetica(pdf)))
    page = _page(pdf, b"BT /F1 14 Tf 72 700 Td (XMPPAGE) Tj ET q 100 0 0 100 72 300 cm /Im Do Q /Fm Do",
                 XObject=Dictionary(Im=image, Fm=form))
    page.obj.Metadata = meta
    pdf.Root.Metadata = meta
    pdf.save(path)
    return path


def damaged_content_pdf(path: Path, pages: int = 3) -> Path:
    """Pages whose Flate content stream is cut short (what a broken download or a fuzzer leaves)."""
    pdf = pikepdf.new()
    for n in range(1, pages + 1):
        text = b"".join(b"BT /F1 12 Tf 72 %d Td (DAMAGEDPAGE%d line %d) Tj ET\n" % (760 - 14 * k, n, k)
                        for k in range(40))
        page = _page(pdf, b"")
        cut = zlib.compress(text)
        page.obj.Contents.write(cut[: len(cut) * 2 // 3], filter=Name.FlateDecode)
    pdf.save(path, compress_streams=False)
    return path


def bad_syntax_pdf(path: Path) -> Path:
    """A page whose content does not parse (stray closers, a bad hex string, an unterminated string)."""
    pdf = pikepdf.new()
    _page(pdf, b"BT /F1 14 Tf 72 700 Td (SYNTAXPAGE) Tj ET ] >> <zz> 1 0 0 RG (unterminated")
    pdf.save(path)
    return path


def bomb_pdf(path: Path, inflated: int = 300 * 1024 * 1024) -> Path:
    """A page drawing a form whose stream is a few hundred KB of Flate that inflates to `inflated` bytes."""
    pdf = pikepdf.new()
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(comp.compress(chunk) for _ in range(inflated >> 20)) + comp.flush()
    form = pdf.make_stream(b"")
    form.write(data, filter=Name.FlateDecode)
    form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, [0, 0, 10, 10]
    _page(pdf, b"BT /F1 14 Tf 72 700 Td (BOMBPAGE) Tj ET /Fm Do", XObject=Dictionary(Fm=form))
    pdf.save(path, compress_streams=False)
    return path


def looped_tree_pdf(path: Path) -> Path:
    """Two pages whose page tree has a node that lists its own parent among its kids."""
    pdf = pikepdf.new()
    _page(pdf, b"BT /F1 14 Tf 72 700 Td (LOOPPAGE1) Tj ET")
    _page(pdf, b"BT /F1 14 Tf 72 700 Td (LOOPPAGE2) Tj ET")
    pdf.save(path)
    raw = path.read_bytes()
    with pikepdf.open(path) as again:
        root_pages = again.Root.Pages
        inner = again.make_indirect(Dictionary(Type=Name.Pages, Kids=Array([]), Count=2, Parent=root_pages))
        kids = list(root_pages.Kids)
        for k in kids:
            k.Parent = inner
        inner.Kids = Array([*kids, root_pages])  # the loop
        root_pages.Kids = Array([inner])
        again.save(path.with_suffix(".tmp"))
    path.with_suffix(".tmp").replace(path)
    assert path.read_bytes() != raw
    return path
