"""Small generated source files for export tests, and a packet made of them."""

from __future__ import annotations

from pathlib import Path

JOSE = "José Núñez Ibáñez"
ANH = "Nguyễn Thị Ánh"
JOSE_A = "A-123-456-789"
ANH_A = "A-098-765-432"
TITLE = "Respondents' Request for Prosecutorial Discretion and Supporting Exhibits"

# Each source page carries one marker word, so its text can be found on the output page it went to.
SOURCES = {
    "brief.pdf": ("letter", 2, "BRIEFPAGE"),
    "letter.pdf": ("letter", 3, "LETTERPAGE"),
    "landscape.pdf": ("landscape", 1, "LANDSCAPEPAGE"),
    "rotated.pdf": ("letter", 1, "ROTATEDPAGE"),  # /Rotate 90 set afterwards
    "a4.pdf": ("a4", 1, "AFOURPAGE"),
}
# Export settings each variant of the sample export uses.
VARIANTS = {
    "default": {},
    "bates": {"bates_prefix": "LOPEZ-", "bates_digits": 6, "start_number": 8},
    "page_of_total": {"page_of_total": True, "start_number": 3},
    "shrink_top": {"landscape": "shrink", "stamp_position": "top-right"},
}

# (file, title, lead?, pages selection)
ITEMS = [
    ("brief.pdf", "Brief in support of the request", True, None),
    ("letter.pdf", "Birth certificate of José Núñez Ibáñez", False, [1, 3]),
    ("landscape.pdf", "Lease agreement for the family home", False, None),
    ("rotated.pdf", "Tax return 2023", False, None),
    ("a4.pdf", "School records from Hà Nội", False, None),
    ("photo.png", "Family photo", False, None),
    ("links.pdf", "Letter with links and a form", False, [1, 2]),
]


def write_sources(folder: Path) -> dict[str, Path]:
    """Small source files: Letter, landscape, /Rotate 90, A4 PDFs and a PNG photo."""
    from PIL import Image, ImageDraw
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A4, landscape, letter
    from reportlab.pdfgen import canvas

    sizes = {"letter": letter, "landscape": landscape(letter), "a4": A4}
    paths = {}
    for name, (size, pages, marker) in SOURCES.items():
        w, h = sizes[size]
        path = folder / name
        c = canvas.Canvas(str(path), pagesize=(w, h), invariant=1)
        for n in range(1, pages + 1):
            c.setFont("Helvetica", 14)
            c.drawString(72, h - 72, f"{marker}{n} top left")
            c.rect(36, 36, w - 72, h - 72)
            c.setFont("Helvetica", 9)
            c.drawString(72, 12, f"FOOTNOTE{n} at the very bottom of the source page")
            c.showPage()
        c.save()
        paths[name] = path
    rotated = folder / "rotated.pdf"
    writer = PdfWriter(clone_from=PdfReader(rotated))
    writer.pages[0].rotate(90)
    with open(rotated, "wb") as fh:
        writer.write(fh)
    paths["links.pdf"] = write_links_pdf(folder / "links.pdf")
    photo = folder / "photo.png"
    im = Image.new("RGB", (800, 600), (250, 250, 250))
    draw = ImageDraw.Draw(im)
    draw.rectangle((40, 40, 760, 560), outline=(0, 0, 0), width=8)
    draw.rectangle((60, 60, 300, 200), fill=(200, 30, 30))  # red block top-left: shows which way up it is
    draw.ellipse((450, 250, 700, 500), fill=(30, 60, 200))
    im.save(photo)
    paths["photo.png"] = photo
    return paths


LINK_WORDS = {"GOTOPAGETWO": (70, 595, 200, 615), "GOTOPAGETHREE": (70, 555, 220, 575),
              "WEBLINK": (70, 515, 150, 535), "SCRIPTLINK": (70, 475, 170, 495)}
WEB_URL = "https://example.org/evidence"


def write_links_pdf(path: Path) -> Path:
    """Three Letter pages; page 1 has links to pages 2 and 3, a web link, a JavaScript link and a filled form field,
    and the document has JavaScript to run on open and page-open actions: everything a filing must not carry."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    raw = path.with_suffix(".raw.pdf")
    c = canvas.Canvas(str(raw), pagesize=letter, invariant=1)
    c.setFont("Helvetica", 14)
    c.drawString(72, 700, "LINKSPAGE1 top")
    for word, (x0, y0, _, _) in LINK_WORDS.items():
        c.drawString(x0 + 2, y0 + 5, word)
    c.acroForm.textfield(name="name", value="FIELDVALUE", x=72, y=400, width=200, height=24, borderWidth=1)
    c.showPage()
    for n in (2, 3):
        c.setFont("Helvetica", 14)
        c.drawString(72, 700, f"LINKSPAGE{n} top")
        c.showPage()
    c.save()

    def js(code: str) -> DictionaryObject:
        return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)})

    w = PdfWriter(clone_from=PdfReader(raw))
    w.add_annotation(0, Link(rect=LINK_WORDS["GOTOPAGETWO"], target_page_index=1))
    w.add_annotation(0, Link(rect=LINK_WORDS["GOTOPAGETHREE"], target_page_index=2))
    w.add_annotation(0, Link(rect=LINK_WORDS["WEBLINK"], url=WEB_URL))
    w.add_annotation(0, DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([NumberObject(v) for v in LINK_WORDS["SCRIPTLINK"]]),
        NameObject("/A"): js("app.alert(1)"),
    }))
    w._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): DictionaryObject({
        NameObject("/Names"): ArrayObject([TextStringObject("x"), w._add_object(js("app.alert('opened')"))])})})
    w._root_object[NameObject("/OpenAction")] = js("this.print(true);")
    w.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): js("app.beep(0)")})
    w.write(path)
    raw.unlink()
    return path


def build_sample_packet(base: Path):
    """A packet folder holding ITEMS, with a filled cover sheet. Returns the PacketFolder."""
    from packet.core.model import Respondent
    from packet.store.folder import create_packet
    from packet.store.intake import add_files

    src_dir = base / "sources"
    src_dir.mkdir(parents=True)
    paths = write_sources(src_dir)
    pf = create_packet(base / "Nunez", name="Nunez")
    for name, title, lead, pages in ITEMS:
        (result,) = add_files(pf, [paths[name]], title=title, lead=lead, workers=1)
        assert result.verdict in ("accept", "warn"), result.messages
        if pages is not None:
            pf.packet.find(result.exhibit_id).pages = list(pages)
    cover = pf.packet.cover
    cover.filer_name = "Ana Abogada"
    cover.filer_address = "12 Main Street\nNew York, NY 10001"
    cover.respondents = [Respondent(JOSE, JOSE_A), Respondent(ANH, ANH_A)]
    cover.detained = True
    cover.court = "Immigration Court, New York, NY"
    cover.judge = "Hon. R. Example"
    cover.hearing_date = "2026-03-04"
    cover.hearing_time = "13:30"
    cover.document_title = TITLE
    pf.save()
    return pf


def write_form_pdf(path: Path, value: str = "FIELDVALUE", *, strip_subtype: bool = False,
                   stale_appearance: bool = False) -> Path:
    """One Letter page with a filled text field, as some real-world producers write it.

    strip_subtype: the field's appearance stream lacks /Type /XObject and /Subtype /Form (as in Hopding's
    sample_form.pdf); viewers draw such appearances of a widget anyway.
    stale_appearance: the appearance is empty and the form says /NeedAppearances true (as LibreOffice writes it);
    viewers draw the value from /V.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, NameObject
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    raw = path.with_suffix(".raw.pdf")
    c = canvas.Canvas(str(raw), pagesize=letter, invariant=1)
    c.setFont("Helvetica", 14)
    c.drawString(72, 700, "FORMPAGE with one filled field")
    c.acroForm.textfield(name="name", value=value, x=72, y=600, width=300, height=24, borderWidth=1)
    c.showPage()
    c.save()
    w = PdfWriter(clone_from=PdfReader(raw))
    for ref in w.pages[0]["/Annots"]:
        a = ref.get_object()
        if a.get("/Subtype") != "/Widget":
            continue
        ap = a["/AP"]["/N"].get_object()
        if strip_subtype:
            del ap["/Type"]
            del ap["/Subtype"]
        if stale_appearance:
            ap.set_data(b"/Tx BMC\nEMC\n")
    if stale_appearance:
        w._root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)
    w.write(path)
    raw.unlink()
    return path
