"""The blank-page finder: near-empty pages (a duplex scan's backs) are found by their ink, measured once per
document page and kept; pages with writing on them, photos and poster-sized pages are never suggested."""

from __future__ import annotations

import json
import random

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from packet.core.model import Exhibit
from packet.store import blank_pages
from packet.store.blank_pages import PageInk, ink_of, measure, near_empty_pages
from packet.store.intake import add_files


def scan_like(path, pages):
    """pages: a list of what each page holds: 'text', 'blank', 'number' (only a page number), 'line' (a signature
    line), 'notice' ("This page intentionally left blank")."""
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for what in pages:
        if what == "text":
            c.setFont("Helvetica", 11)
            for n in range(30):
                c.drawString(72, 720 - 18 * n, f"Paragraph {n}: the applicant has lived in Queens since 2009.")
        elif what == "number":
            c.setFont("Helvetica", 9)
            c.drawString(300, 30, "2")
        elif what == "line":
            c.setFont("Helvetica", 12)
            c.drawString(72, 300, "Signed: Maria Lopez, 12 March 2024, Queens, New York")
            c.line(72, 280, 400, 280)
        elif what == "notice":
            c.setFont("Helvetica", 12)
            c.drawString(200, 400, "This page intentionally left blank.")
        c.showPage()
    c.save()
    return path


def test_near_empty_pages_are_the_blank_and_numbered_backs(packet_folder, tmp_path):
    path = scan_like(tmp_path / "duplex.pdf", ["text", "blank", "text", "number", "line", "notice"])
    (result,) = add_files(packet_folder, [path])
    e = packet_folder.packet.find(result.exhibit_id)
    assert near_empty_pages(packet_folder.path, packet_folder.packet, e) == [2, 4, 6]


def test_a_scanned_blank_back_with_specks_and_a_dark_edge_is_near_empty():
    im = Image.new("L", (1275, 1650), 232)  # grey paper at 150 dpi
    px = im.load()
    rng = random.Random(7)
    for _ in range(4000):
        px[rng.randrange(1275), rng.randrange(1650)] = rng.randrange(0, 140)
    ImageDraw.Draw(im).rectangle((0, 0, 30, 1650), fill=20)  # the scanner's dark edge
    im.thumbnail((blank_pages.LONG_SIDE, blank_pages.LONG_SIDE))
    assert ink_of(im) < blank_pages.NEAR_EMPTY_INK
    ImageDraw.Draw(im).text((60, 60), "Pay stub, March 2024 -- net pay $1,234.56 " * 2, fill=0)
    for y in range(80, 400, 12):
        ImageDraw.Draw(im).text((40, y), "Earnings   Hours   Rate   Current   Year to date", fill=0)
    assert ink_of(im) > blank_pages.NEAR_EMPTY_INK


def test_photos_are_measured_from_their_page_image(packet_folder, tmp_path):
    photo = tmp_path / "family.jpg"
    with Image.new("RGB", (1200, 900), (90, 120, 60)) as im:
        ImageDraw.Draw(im).ellipse((200, 100, 900, 800), fill=(200, 170, 140))
        im.save(photo, quality=90)
    blank = tmp_path / "white.png"
    Image.new("RGB", (1200, 900), (250, 250, 250)).save(blank)
    results = add_files(packet_folder, [photo, blank])
    p = packet_folder.packet
    found = [near_empty_pages(packet_folder.path, p, p.find(r.exhibit_id)) for r in results]
    assert found == [[], [1]]


def test_measures_are_cached_and_reused(packet_folder, tmp_path, monkeypatch):
    path = scan_like(tmp_path / "two.pdf", ["text", "blank"])
    (result,) = add_files(packet_folder, [path])
    doc = packet_folder.packet.documents[result.sha256]
    first = measure(packet_folder.path, doc, [1, 2])
    cache = packet_folder.path / "derived" / doc.sha256 / "ink.json"
    data = json.loads(cache.read_text())
    assert data["measure"] == blank_pages.MEASURE and set(data["pages"]) == {"1", "2"}
    drawn = []
    monkeypatch.setattr(blank_pages, "_measure_pdf", lambda *a: drawn.append(a) or {})
    assert measure(packet_folder.path, doc, [2, 1]) == {2: first[2], 1: first[1]}
    assert drawn == []  # nothing drawn again
    assert first[1].ink > blank_pages.NEAR_EMPTY_INK and first[2] == PageInk(0.0, 0)


def test_hidden_and_poster_sized_pages_are_not_offered(packet_folder, tmp_path):
    path = scan_like(tmp_path / "three.pdf", ["blank", "text", "blank"])
    (result,) = add_files(packet_folder, [path])
    p = packet_folder.packet
    doc = p.documents[result.sha256]
    doc.large_pages = [3]
    e = p.find(result.exhibit_id)
    e.pages = [2, 1]  # page 3 left out, page 1 kept
    assert near_empty_pages(packet_folder.path, p, Exhibit(document=doc.sha256, title="x", pages=[2, 1, 3])) == [2]
    assert near_empty_pages(packet_folder.path, p, e) == [2]
