"""Exporting a packet: open the PDF a user gets and check every page, number, label, bookmark, link and name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject, NullObject

from packet.cli import main
from packet.core.geometry import LETTER_H, LETTER_W, STAMP_BAND
from packet.core.plan import COVER, EXHIBIT, INDEX, LEAD, SEPARATOR
from packet.export.build import ExportCancelled, ExportError, export_packet
from packet.store.folder import create_packet, open_packet
from packet.store.intake import add_files

from .pdfcheck import (
    NEEDS_POPPLER,
    active_content,
    link_targets,
    outline_flat,
    page_index_of,
    page_texts,
    page_words,
    pdfinfo_fields,
    pdfinfo_pages,
    render,
    squash,
)
from .samples import ANH, ANH_A, ITEMS, JOSE, JOSE_A, LINK_WORDS, TITLE, VARIANTS, WEB_URL, build_sample_packet

ALL_VARIANTS = list(VARIANTS)


def source_page_of(plan, marker_file: str, source_page: int) -> int:
    """The 0-based output index showing page `source_page` of the item made from `marker_file`."""
    item_ids = [e.item_id for e in plan.entries]
    n = [name for name, *_ in ITEMS].index(marker_file)
    item_id = item_ids[n]
    for i, p in enumerate(plan.pages):
        if p.item_id == item_id and p.kind in (LEAD, EXHIBIT) and p.source_page == source_page:
            return i
    raise AssertionError(f"{marker_file} page {source_page} is not in the plan")


def words_in_band(words, position: str):
    if position.startswith("bottom"):
        return [w for w in words if w.y0 >= LETTER_H - STAMP_BAND]
    return [w for w in words if w.y1 <= STAMP_BAND]


# -- pages -------------------------------------------------------------------------------------------------

def test_plan_is_what_the_sample_should_make(exported):
    built = exported()
    kinds = [p.kind for p in built.plan.pages]
    assert kinds == [COVER, INDEX, LEAD, LEAD] + [SEPARATOR, EXHIBIT, EXHIBIT] + [SEPARATOR, EXHIBIT] * 4 + \
        [SEPARATOR, EXHIBIT, EXHIBIT]
    assert built.result.pages == built.plan.total == 18
    assert built.result.size == built.pdf.stat().st_size
    assert built.result.warnings == []


@pytest.mark.parametrize("variant", ["default", "shrink_top"])
def test_every_page_is_upright_us_letter(exported, variant):
    built = exported(variant)
    reader = PdfReader(built.pdf)
    assert len(reader.pages) == built.plan.total
    for n, page in enumerate(reader.pages):
        assert [float(v) for v in page.mediabox] == [0, 0, LETTER_W, LETTER_H], n
        assert page.get("/Rotate", 0) == 0, n
        crop = page.get("/CropBox")
        assert crop is None or [float(v) for v in crop] == [0, 0, LETTER_W, LETTER_H], n
    assert "/Rotate" not in reader.trailer["/Root"]["/Pages"]


@NEEDS_POPPLER
def test_poppler_sees_letter_pages_without_rotation(exported):
    built = exported()
    pages = pdfinfo_pages(built.pdf)
    assert len(pages) == built.plan.total
    assert set(pages) == {(612.0, 792.0, 0)}
    info = pdfinfo_fields(built.pdf)
    assert info["Pages"] == str(built.plan.total)
    assert info["Encrypted"] == "no"
    assert info["JavaScript"] == "no"
    assert info["Form"] == "none"


@NEEDS_POPPLER
def test_source_pages_are_where_the_plan_says_in_order(exported):
    built = exported()
    texts = [squash(t) for t in page_texts(built.pdf)]
    plan = built.plan
    expect = {
        ("brief.pdf", 1): "BRIEFPAGE1", ("brief.pdf", 2): "BRIEFPAGE2",
        ("letter.pdf", 1): "LETTERPAGE1", ("letter.pdf", 3): "LETTERPAGE3",
        ("landscape.pdf", 1): "LANDSCAPEPAGE1", ("rotated.pdf", 1): "ROTATEDPAGE1", ("a4.pdf", 1): "AFOURPAGE1",
        ("links.pdf", 1): "LINKSPAGE1", ("links.pdf", 2): "LINKSPAGE2",
    }
    for (name, page), marker in expect.items():
        i = source_page_of(plan, name, page)
        assert marker in texts[i], (name, page, i, texts[i])
        assert sum(marker in t for t in texts) == 1, marker
    # pages left out of the selection are not in the export
    assert not any("LETTERPAGE2" in t for t in texts)
    assert not any("LINKSPAGE3" in t for t in texts)
    # separators say which exhibit follows
    for e in plan.entries:
        if e.separator is not None:
            assert f"EXHIBIT {e.label}" in texts[e.separator]
            assert squash(e.title) in texts[e.separator]


# -- stamps ------------------------------------------------------------------------------------------------

@NEEDS_POPPLER
@pytest.mark.parametrize("variant", ALL_VARIANTS)
def test_every_numbered_page_shows_its_stamp_in_the_stamp_band(exported, variant):
    built = exported(variant)
    settings = built.packet.settings
    pages = page_words(built.pdf)
    texts = [squash(t) for t in page_texts(built.pdf)]
    assert len(pages) == built.plan.total
    for i, (plan_page, words) in enumerate(zip(built.plan.pages, pages, strict=True)):
        band = words_in_band(words, settings.stamp_position)
        if plan_page.kind == COVER:
            assert plan_page.stamp == ""
            assert band == [], f"the cover carries no number, but shows {[w.text for w in band]}"
            continue
        assert plan_page.stamp in texts[i]
        band.sort(key=lambda w: w.x0)
        assert " ".join(w.text for w in band) == plan_page.stamp, f"page {i}"
        assert max(w.y1 for w in band) - min(w.y1 for w in band) < 1  # one level line
        left, right = min(w.x0 for w in band), max(w.x1 for w in band)
        if settings.stamp_position.endswith("center"):
            assert (left + right) / 2 == pytest.approx(LETTER_W / 2, abs=2)
        elif settings.stamp_position.endswith("right"):
            assert right == pytest.approx(LETTER_W - 54, abs=2)


@NEEDS_POPPLER
@pytest.mark.parametrize("variant", ["default", "shrink_top"])
def test_source_content_stays_clear_of_the_stamp(exported, variant):
    built = exported(variant)
    position = built.packet.settings.stamp_position
    pages = page_words(built.pdf)
    for i, p in enumerate(built.plan.pages):
        if p.kind not in (LEAD, EXHIBIT):
            continue
        others = [w for w in pages[i] if w.text not in p.stamp.split()]
        if built.packet.documents[p.document].kind == "pdf":
            assert others, f"page {i} lost its text"
        assert words_in_band(others, position) == [], f"page {i}: source text in the stamp band"
        for w in others:  # and inside the side margins
            assert 36 - 1 <= w.x0 and w.x1 <= LETTER_W - 36 + 1, (i, w)


@NEEDS_POPPLER
def test_stamp_variants_print_the_expected_strings(exported):
    bates = exported("bates").plan
    assert [p.stamp for p in bates.pages[1:4]] == ["LOPEZ-000008", "LOPEZ-000009", "LOPEZ-000010"]
    total = exported("page_of_total").plan
    last = 3 + total.total - 2
    assert total.pages[1].stamp == f"Page 3 of {last}" and total.pages[-1].stamp == f"Page {last} of {last}"
    texts = page_texts(exported("page_of_total").pdf)
    assert f"Page {last} of {last}" in squash(texts[-1])


# -- page labels, outline, links ---------------------------------------------------------------------------

@pytest.mark.parametrize("variant", ALL_VARIANTS)
def test_page_labels_print_exactly_the_stamps(exported, variant):
    built = exported(variant)
    reader = PdfReader(built.pdf)
    expected = ["Cover"] + [p.label for p in built.plan.pages[1:]]
    assert list(reader.page_labels) == expected
    if variant == "bates":
        assert expected[1:4] == ["LOPEZ-000008", "LOPEZ-000009", "LOPEZ-000010"]
        assert expected[-1] == f"LOPEZ-{8 + built.plan.total - 2:06d}"


def test_outline_has_cover_index_leads_and_tabs_under_exhibits(exported):
    built = exported()
    plan = built.plan
    reader = PdfReader(built.pdf)
    expected = [(0, "Cover sheet", 0), (0, "Index of exhibits", 1)]
    exhibits = [e for e in plan.entries if e.role == "exhibit"]
    for e in plan.entries:
        if e.role == "lead":
            expected.append((0, e.title, e.first))
    expected.append((0, "Exhibits", exhibits[0].separator))
    for e in exhibits:
        expected.append((1, f"Tab {e.label}: {e.title}", e.separator))
    assert outline_flat(reader) == expected
    assert [t for _, t, _ in expected[-6:]] == [f"Tab {ch}: {title}" for ch, (_, title, *_) in zip("ABCDEF", ITEMS[1:], strict=False)]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_outline_without_separators_points_at_first_pages(sample_folder, tmp_path):
    packet = open_packet(sample_folder.path).packet
    packet.settings.separators = False
    result = export_packet(packet, sample_folder.path, tmp_path / "nosep.pdf")
    flat = outline_flat(PdfReader(result.path))
    tabs = [(t, page) for depth, t, page in flat if depth == 1]
    assert tabs == [(f"Tab {e.label}: {e.title}", e.first) for e in result.plan.entries if e.role == "exhibit"]
    assert not any(p.kind == SEPARATOR for p in result.plan.pages)


def test_index_links_go_to_the_first_page_of_each_item(exported):
    built = exported()
    plan = built.plan
    reader = PdfReader(built.pdf)
    index_pages = [i for i, p in enumerate(plan.pages) if p.kind == INDEX]
    targets = [t for i in index_pages for t in link_targets(reader, i)]
    assert targets == [e.first for e in plan.entries]
    # each link is a plain destination, no action
    for i in index_pages:
        for ref in reader.pages[i]["/Annots"]:
            a = ref.get_object()
            assert a["/Subtype"] == "/Link" and "/A" not in a


@NEEDS_POPPLER
def test_index_links_cover_their_rows(exported):
    built = exported()
    reader = PdfReader(built.pdf)
    words = page_words(built.pdf, 2, 2)[0]
    annots = [r.get_object() for r in reader.pages[1]["/Annots"]]
    for e in built.plan.entries:
        first_word = e.title.split()[0]
        w = next(w for w in words if w.text == first_word and w.x0 > 100)
        cy = LETTER_H - (w.y0 + w.y1) / 2  # to PDF's bottom-up space
        hits = [a for a in annots if float(a["/Rect"][1]) <= cy <= float(a["/Rect"][3])]
        assert len(hits) == 1, e.title
        assert page_index_of(reader)[hits[0]["/Dest"][0].idnum] == e.first


# -- cover and index text ----------------------------------------------------------------------------------

@NEEDS_POPPLER
def test_cover_shows_names_numbers_detention_and_title(exported):
    built = exported()
    cover = squash(page_texts(built.pdf)[0])
    for name in (JOSE, ANH):
        assert name.upper() in cover, (name, cover)
    assert f"File No.: {JOSE_A}" in cover and f"File No.: {ANH_A}" in cover
    assert "DETAINED" in cover
    assert TITLE.upper() in cover
    assert "IMMIGRATION COURT" in cover and "NEW YORK, NY" in cover
    assert "Immigration Judge: Hon. R. Example" in cover
    assert "March 4, 2026, 1:30 p.m." in cover
    assert "Ana Abogada" in cover
    # no page number on the cover
    assert not re.search(r"(?m)^\s*1\s*$", page_texts(built.pdf)[0])


@NEEDS_POPPLER
def test_cover_names_are_real_text_not_decomposed_or_lost(exported):
    raw = page_texts(exported().pdf)[0]
    assert JOSE.upper() in raw and ANH.upper() in raw  # precomposed, exactly as typed
    assert "\ufffd" not in raw


@NEEDS_POPPLER
def test_index_rows_give_tab_title_and_cite(exported):
    built = exported()
    plan = built.plan
    texts = page_texts(built.pdf, layout=True)
    index_text = "\n".join(texts[i] for i, p in enumerate(plan.pages) if p.kind == INDEX)
    lines = [squash(ln) for ln in index_text.splitlines() if ln.strip()]
    assert lines[0] == "INDEX OF EXHIBITS"
    assert f"In the Matter of {JOSE} ({JOSE_A}); {ANH} ({ANH_A})" in lines
    for e in plan.entries:
        row = next((ln for ln in lines if squash(e.title) in ln), None)
        assert row is not None, e.title
        assert row.endswith(e.cite), (row, e.cite)
        if e.role == "exhibit":
            assert row.startswith(f"Tab {e.label} "), row
        else:
            assert row.startswith(e.title)
    assert [e.cite for e in plan.entries] == ["pp. 2-3", "pp. 5-6", "p. 8", "p. 10", "p. 12", "p. 14", "pp. 16-17"]
    assert "Lead documents" in lines and "Exhibits" in lines
    assert lines.index("Lead documents") < lines.index("Exhibits")


@NEEDS_POPPLER
def test_single_page_bates_cites_in_the_index(exported):
    built = exported("bates")
    index = squash(page_texts(built.pdf)[1])
    singles = [e for e in built.plan.entries if e.first == e.last]
    assert singles
    for e in singles:
        assert e.cite.startswith("p. LOPEZ-")
        assert e.cite in index


@NEEDS_POPPLER
def test_bates_ranges_in_the_index_keep_every_number_whole(exported):
    built = exported("bates")
    index = squash(page_texts(built.pdf)[1])
    for e in built.plan.entries:
        for label in (e.first_label, e.last_label):
            assert re.search(rf"(?<![\w]){re.escape(label)}(?!\w)", index), (label, index)


# -- orientation -------------------------------------------------------------------------------------------

@NEEDS_POPPLER
@pytest.mark.parametrize("variant, landscape_level", [("default", False), ("shrink_top", True)])
def test_text_direction_on_turned_pages(exported, variant, landscape_level):
    built = exported(variant)
    words = page_words(built.pdf)
    plan = built.plan

    def marker(name: str, text: str):
        i = source_page_of(plan, name, 1)
        return next(w for w in words[i] if w.text == text)

    assert marker("letter.pdf", "LETTERPAGE1").horizontal
    assert marker("a4.pdf", "AFOURPAGE1").horizontal
    land = marker("landscape.pdf", "LANDSCAPEPAGE1")
    assert land.horizontal == landscape_level
    if not landscape_level:
        # turned counter-clockwise: the source's top-left corner is now at the bottom-left
        assert land.x1 < LETTER_W / 3 and land.y0 > LETTER_H / 2
    # /Rotate 90 on a portrait page: shown landscape by viewers, so "rotate" turns it back level
    assert marker("rotated.pdf", "ROTATEDPAGE1").horizontal == (not landscape_level)


@NEEDS_POPPLER
@pytest.mark.parametrize("variant", ["default", "shrink_top"])
def test_photo_is_placed_whole_and_upright(exported, variant, tmp_path):
    """A landscape photo is shown upright, shrunk onto the portrait page, as the window shows it: the packet's
    "turn landscape pages" setting is for landscape documents, never for photos (issue 13, item 3)."""
    built = exported(variant)
    i = source_page_of(built.plan, "photo.png", 1)
    assert built.plan.pages[i].landscape == "shrink"
    png = render(built.pdf, tmp_path, i + 1, dpi=20, gray=False)
    with Image.open(png) as im:
        im = im.convert("RGB")
        w, h = im.size
        reds = [(x, y) for y in range(h) for x in range(w) if (lambda p: p[0] > 150 and p[1] < 90 and p[2] < 90)(
            im.getpixel((x, y)))]
        blues = [(x, y) for y in range(h) for x in range(w) if (lambda p: p[2] > 150 and p[0] < 90)(im.getpixel((x, y)))]
    assert reds and blues
    rx = sum(x for x, _ in reds) / len(reds) / w
    ry = sum(y for _, y in reds) / len(reds) / h
    bx = sum(x for x, _ in blues) / len(blues) / w
    by = sum(y for _, y in blues) / len(blues) / h
    assert rx < bx and ry < by, "the red block (top-left of the photo) is not above and left of the blue disc"
    assert rx < 0.5 and ry < 0.5
    ink = [x for x, _ in reds + blues]
    rows = [y for _, y in reds + blues]
    assert max(ink) - min(ink) > max(rows) - min(rows), "the landscape photo was turned"


# -- safety ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("variant", ["default", "bates"])
def test_no_active_content_and_not_encrypted(exported, variant):
    built = exported(variant)
    reader = PdfReader(built.pdf)
    assert not reader.is_encrypted
    assert "/Encrypt" not in reader.trailer
    assert active_content(reader) == []
    data = built.pdf.read_bytes()
    for token in (b"/JavaScript", b"/OpenAction", b"/AcroForm", b"/XFA", b"/EmbeddedFiles", b"/Launch"):
        assert token not in data, token
    assert b"app.alert" not in data and b"this.print" not in data


def test_metadata_title_is_the_cover_title(exported):
    reader = PdfReader(exported().pdf)
    assert reader.metadata.title == TITLE
    assert reader.metadata.creator.startswith("Packet ")


@NEEDS_POPPLER
def test_form_field_value_is_flattened_into_the_page(exported):
    built = exported()
    i = source_page_of(built.plan, "links.pdf", 1)
    assert "FIELDVALUE" in squash(page_texts(built.pdf)[i])
    reader = PdfReader(built.pdf)
    assert all(r.get_object()["/Subtype"] == "/Link" for r in reader.pages[i].get("/Annots", []))


@NEEDS_POPPLER
def test_source_links_follow_their_text_and_pages(exported):
    built = exported()
    plan = built.plan
    i = source_page_of(plan, "links.pdf", 1)
    page2 = source_page_of(plan, "links.pdf", 2)
    reader = PdfReader(built.pdf)
    words = {w.text: w for w in page_words(built.pdf, i + 1, i + 1)[0]}
    index = page_index_of(reader)
    found = {}
    for ref in reader.pages[i].get("/Annots", []):
        a = ref.get_object()
        x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
        for text in LINK_WORDS:
            w = words[text]
            cx, cy = (w.x0 + w.x1) / 2, LETTER_H - (w.y0 + w.y1) / 2
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                found[text] = a
    # the in-document link now goes to the output page showing source page 2
    assert index[found["GOTOPAGETWO"]["/Dest"][0].idnum] == page2
    # the web link is kept, as a plain URI
    assert found["WEBLINK"]["/A"]["/S"] == "/URI" and found["WEBLINK"]["/A"]["/URI"] == WEB_URL
    # the script link is gone; the link to the left-out page 3 goes nowhere
    assert "SCRIPTLINK" not in found
    for ref in reader.pages[i].get("/Annots", []):
        a = ref.get_object()
        dest = a.get("/Dest")
        if isinstance(dest, ArrayObject) and (not dest or isinstance(dest[0], NullObject)):
            assert [float(v) for v in a["/Rect"]] == [0, 0, 0, 0]
        elif dest is not None:
            assert isinstance(dest[0], IndirectObject) and dest[0].idnum in index


# -- progress and cancelling -------------------------------------------------------------------------------

def test_progress_counts_up_to_the_total(exported):
    built = exported()
    calls = built.progress
    total = built.plan.total
    assert calls[0][0] == 0
    assert all(t == total for _, t, _ in calls)
    dones = [d for d, _, _ in calls]
    assert dones == sorted(dones)
    assert len(set(dones)) >= 3  # it moves, not just start and end
    assert dones[-1] == total
    assert all(isinstance(stage, str) and stage for _, _, stage in calls)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def _cancel_after(n: int):
    """A cancel check that says no n times, then yes."""
    calls = [0]

    def cancelled() -> bool:
        calls[0] += 1
        return calls[0] > n

    return cancelled


@pytest.fixture(scope="module")
def cancel_polls(sample_folder, tmp_path_factory) -> int:
    """How many times one export of the sample packet asks whether it is cancelled."""
    calls = [0]

    def cancelled() -> bool:
        calls[0] += 1
        return False

    export_packet(sample_folder.packet, sample_folder.path, tmp_path_factory.mktemp("polls") / "out.pdf",
                  cancelled=cancelled)
    return calls[0]


@pytest.mark.parametrize("when", ["first", "middle", "last"])
def test_cancel_leaves_no_file(sample_folder, tmp_path, cancel_polls, when):
    """Cancelled at the first, a middle or the last check (after the PDF is written): no file, no temporary file."""
    assert cancel_polls >= 3  # it checks while drawing, while assembling and before putting the file in place
    says_no = {"first": 0, "middle": cancel_polls // 2, "last": cancel_polls - 1}[when]
    target = tmp_path / "out.pdf"
    with pytest.raises(ExportCancelled, match="cancelled"):
        export_packet(sample_folder.packet, sample_folder.path, target, cancelled=_cancel_after(says_no))
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_cancel_check_sees_the_temporary_file_then_nothing_is_left(sample_folder, tmp_path):
    target = tmp_path / "out.pdf"
    seen: list[str] = []

    def cancelled() -> bool:  # says yes only once something is being written into the folder
        names = [p.name for p in tmp_path.iterdir()]
        seen.extend(names)
        return bool(names)

    with pytest.raises(ExportCancelled):
        export_packet(sample_folder.packet, sample_folder.path, target, cancelled=cancelled)
    assert seen and "out.pdf" not in seen  # a temporary name, never the target itself
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_cancel_keeps_an_earlier_export_untouched(sample_folder, tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"%PDF-1.4 earlier export")
    with pytest.raises(ExportCancelled):
        export_packet(sample_folder.packet, sample_folder.path, target, cancelled=_cancel_after(3))
    assert target.read_bytes() == b"%PDF-1.4 earlier export"
    assert _leftovers(tmp_path) == []


def test_export_replaces_an_earlier_file(sample_folder, tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    export_packet(sample_folder.packet, sample_folder.path, target)
    assert len(PdfReader(target).pages) == 18
    assert _leftovers(tmp_path) == []


def test_export_only_reads_the_packet(tmp_path):
    pf = build_sample_packet(tmp_path)
    before = {p: p.read_bytes() for p in pf.path.rglob("*") if p.is_file()}
    export_packet(pf.packet, pf.path, tmp_path / "out.pdf")
    after = {p: p.read_bytes() for p in pf.path.rglob("*") if p.is_file()}
    assert after == before


# -- failures ----------------------------------------------------------------------------------------------

def test_export_into_a_missing_folder(sample_folder, tmp_path):
    target = tmp_path / "nowhere" / "out.pdf"
    with pytest.raises(ExportError) as err:
        export_packet(sample_folder.packet, sample_folder.path, target)
    msg = str(err.value)
    assert str(tmp_path / "nowhere") in msg and "no such folder" in msg
    assert not (tmp_path / "nowhere").exists()


def test_missing_stored_document_names_the_file(tmp_path):
    pf = build_sample_packet(tmp_path / "p")
    doc = next(d for d in pf.packet.documents.values() if d.original_name == "a4.pdf")
    (pf.path / doc.stored).unlink()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(ExportError) as err:
        export_packet(pf.packet, pf.path, out_dir / "out.pdf")
    msg = str(err.value)
    assert "a4.pdf" in msg and doc.stored in msg and "missing" in msg
    assert list(out_dir.iterdir()) == []


def test_missing_page_image_names_the_file(tmp_path):
    pf = build_sample_packet(tmp_path / "p")
    doc = next(d for d in pf.packet.documents.values() if d.original_name == "photo.png")
    (pf.path / doc.page_images[0].file).unlink()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(ExportError, match=r"photo\.png"):
        export_packet(pf.packet, pf.path, out_dir / "out.pdf")
    assert list(out_dir.iterdir()) == []


def test_damaged_stored_document_names_the_file(tmp_path):
    pf = build_sample_packet(tmp_path / "p")
    doc = next(d for d in pf.packet.documents.values() if d.original_name == "letter.pdf")
    (pf.path / doc.stored).write_bytes(b"not a pdf at all")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(ExportError, match=r"letter\.pdf"):
        export_packet(pf.packet, pf.path, out_dir / "out.pdf")
    assert list(out_dir.iterdir()) == []


def test_empty_packet_is_refused(tmp_path):
    pf = create_packet(tmp_path / "Empty")
    with pytest.raises(ExportError, match="no documents"):
        export_packet(pf.packet, pf.path, tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


# -- odd packets -------------------------------------------------------------------------------------------

@NEEDS_POPPLER
def test_same_document_in_two_exhibits_gives_two_sets_of_pages(tmp_path):
    pf = build_sample_packet(tmp_path / "p")
    letter = next(e for e in pf.packet.exhibits if e.title.startswith("Birth"))
    from packet.core.model import Exhibit

    pf.packet.exhibits.append(Exhibit(document=letter.document, title="Birth certificate again", pages=[3]))
    result = export_packet(pf.packet, pf.path, tmp_path / "out.pdf")
    reader = PdfReader(result.path)
    assert len(reader.pages) == result.plan.total == 20
    ids = [p.indirect_reference.idnum for p in reader.pages]
    assert len(set(ids)) == len(ids)
    texts = [squash(t) for t in page_texts(result.path)]
    assert sum("LETTERPAGE3" in t for t in texts) == 2
    assert "LETTERPAGE3" in texts[-1]


@NEEDS_POPPLER
def test_user_rotation_turns_the_page(tmp_path):
    pf = build_sample_packet(tmp_path / "p")
    a4 = next(e for e in pf.packet.exhibits if e.title.startswith("School"))
    a4.rotation = 180
    result = export_packet(pf.packet, pf.path, tmp_path / "out.pdf")
    i = next(n for n, p in enumerate(result.plan.pages) if p.item_id == a4.id and p.kind == EXHIBIT)
    w = next(w for w in page_words(result.path, i + 1, i + 1)[0] if w.text == "AFOURPAGE1")
    # upside down: the words that were at the top-left are now at the bottom-right
    assert w.x0 > LETTER_W / 2 and w.y0 > LETTER_H / 2
    assert set(pdfinfo_pages(result.path)) == {(612.0, 792.0, 0)}


# -- the command line --------------------------------------------------------------------------------------

def test_cli_build(tmp_path, capsys):
    pf = build_sample_packet(tmp_path / "p")
    out = tmp_path / "Nunez filing.pdf"
    assert main(["build", str(pf.path), "-o", str(out)]) == 0
    assert out.is_file()
    assert len(PdfReader(out).pages) == 18
    captured = capsys.readouterr()
    assert "18 pages" in captured.out and str(out) in captured.out
    assert _leftovers(tmp_path) == []


def test_cli_build_of_an_empty_packet_fails(tmp_path, capsys):
    pf = create_packet(tmp_path / "Empty")
    out = tmp_path / "empty.pdf"
    assert main(["build", str(pf.path), "-o", str(out), "--quiet"]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert "packet build:" in err and "no exhibits" in err and "--force" in err  # the readiness check stops it
    assert main(["build", str(pf.path), "-o", str(out), "--quiet", "--force"]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert "packet build:" in err and "no documents" in err  # forced, the export itself refuses


def test_cli_build_refuses_a_non_pdf_name(tmp_path, capsys):
    pf = create_packet(tmp_path / "P")
    assert main(["build", str(pf.path), "-o", str(tmp_path / "out.docx")]) == 2
    assert ".pdf" in capsys.readouterr().err


# -- single-document packets: crop boxes and form appearances ------------------------------------------------

def export_one(base: Path, source: Path, **settings) -> tuple[Path, object]:
    """A packet holding just `source` as Tab A, exported; returns (pdf, plan)."""
    pf = create_packet(base / "One")
    (result,) = add_files(pf, [source], workers=1)
    assert result.verdict in ("accept", "warn"), result.messages
    for k, v in settings.items():
        setattr(pf.packet.settings, k, v)
    out = export_packet(pf.packet, pf.path, base / "one.pdf")
    return out.path, out.plan


@NEEDS_POPPLER
def test_crop_box_hides_what_is_outside_it(tmp_path):
    from pypdf import PdfWriter
    from pypdf.generic import RectangleObject
    from reportlab.pdfgen import canvas

    raw = tmp_path / "raw.pdf"
    c = canvas.Canvas(str(raw), pagesize=(612, 792), invariant=1)
    c.setFont("Helvetica", 14)
    c.drawString(100, 700, "INSIDECROP")
    c.rect(0, 0, 612, 380, stroke=0, fill=1)  # a black block below the crop box
    c.drawString(100, 100, "OUTSIDECROP")
    c.showPage()
    c.save()
    w = PdfWriter(clone_from=PdfReader(raw))
    w.pages[0].cropbox = RectangleObject([0, 396, 612, 792])  # the top half: 612 x 396, landscape
    src = tmp_path / "cropped.pdf"
    w.write(src)

    pdf, plan = export_one(tmp_path, src, landscape="shrink")
    i = plan.first_of(EXHIBIT)
    png = render(pdf, tmp_path, i + 1, dpi=40)
    with Image.open(png) as im:
        im = im.convert("L")
        k = 40 / 72
        # the crop box, 612 x 396, shown level at 540/612 inside the content area, centred
        s = 540 / 612
        top = (792 - 36 - (702 - 396 * s) / 2 - 396 * s) * k
        bottom = top + 396 * s * k
        dark_rows = [y for y in range(im.height) if im.crop((0, y, im.width, y + 1)).getextrema()[0] < 200]
    # nothing dark below the crop box's place, apart from the stamp
    stamp_top = (792 - STAMP_BAND) * k
    assert dark_rows, "the page is blank"
    assert all(y <= bottom + 1 or y >= stamp_top for y in dark_rows), (bottom, dark_rows)
    assert min(dark_rows) >= top - 1
    text = squash(page_texts(pdf)[i])
    assert "INSIDECROP" in text


@NEEDS_POPPLER
def test_form_value_with_a_bare_appearance_stream_is_flattened(tmp_path):
    from .samples import write_form_pdf

    pdf, plan = export_one(tmp_path, write_form_pdf(tmp_path / "form.pdf", "BAREVALUE", strip_subtype=True))
    i = plan.first_of(EXHIBIT)
    assert "BAREVALUE" in squash(page_texts(pdf)[i])


@NEEDS_POPPLER
def test_form_value_with_a_stale_appearance_is_flattened(tmp_path):
    from .samples import write_form_pdf

    src = write_form_pdf(tmp_path / "form.pdf", "STALEVALUE", stale_appearance=True)
    assert "STALEVALUE" in squash(page_texts(src)[0])  # what the user sees in a viewer before adding it
    pdf, plan = export_one(tmp_path, src)
    i = plan.first_of(EXHIBIT)
    assert "STALEVALUE" in squash(page_texts(pdf)[i])


@NEEDS_POPPLER
def test_form_value_with_a_proper_appearance_is_flattened(tmp_path):
    from .samples import write_form_pdf

    pdf, plan = export_one(tmp_path, write_form_pdf(tmp_path / "form.pdf", "GOODVALUE"))
    i = plan.first_of(EXHIBIT)
    assert "GOODVALUE" in squash(page_texts(pdf)[i])
    reader = PdfReader(pdf)
    assert active_content(reader) == []
    assert all(r.get_object()["/Subtype"] == "/Link" for r in reader.pages[i].get("/Annots", []))


# -- long indexes --------------------------------------------------------------------------------------------

@NEEDS_POPPLER
def test_index_running_over_several_pages(tmp_path):
    from packet.core.model import Exhibit

    pf = build_sample_packet(tmp_path / "p")
    letter = next(e for e in pf.packet.exhibits if e.title.startswith("Birth"))
    for n in range(60):
        pf.packet.exhibits.append(Exhibit(
            document=letter.document, pages=[1 + n % 3],
            title=f"Letter of support number {n} from a neighbour, with a long title that takes two lines"))
    result = export_packet(pf.packet, pf.path, tmp_path / "out.pdf")
    plan = result.plan
    index_pages = [i for i, p in enumerate(plan.pages) if p.kind == INDEX]
    assert len(index_pages) == plan.index_pages > 1
    assert index_pages == list(range(1, 1 + plan.index_pages))
    reader = PdfReader(result.path)
    assert len(reader.pages) == plan.total
    # every row links to its exhibit's first page, in order, across the index pages
    assert [t for i in index_pages for t in link_targets(reader, i)] == [e.first for e in plan.entries]
    texts = page_texts(result.path)
    assert texts[1].lstrip().startswith("INDEX OF EXHIBITS\n")
    for i in index_pages[1:]:
        assert "INDEX OF EXHIBITS (continued)" in texts[i]
    index = squash(" ".join(texts[i] for i in index_pages))
    for e in plan.entries:
        assert e.cite in index
        if e.label:
            assert f"Tab {e.label} " in index + " "
    # the rows stop above the stamp
    words = page_words(result.path, 2, 1 + plan.index_pages)
    for i, page_words_ in zip(index_pages, words, strict=False):
        assert " ".join(w.text for w in words_in_band(page_words_, "bottom")) == plan.pages[i].stamp
    # the outline still has every tab, pointing at the separators
    tabs = [(t, p) for depth, t, p in outline_flat(reader) if depth == 1]
    assert tabs == [(f"Tab {e.label}: {e.title}", e.separator) for e in plan.entries if e.role == "exhibit"]


@NEEDS_POPPLER
def test_index_grouped_by_factor(tmp_path):
    pf = build_sample_packet(tmp_path / "p")
    ex = pf.packet.exhibits
    ex[0].factors = ["family_ties"]
    ex[1].factors = ["residence", "family_ties"]  # grouped under the first factor in the list's order
    ex[2].factors = ["employment"]
    pf.packet.settings.group_index_by_factor = True
    result = export_packet(pf.packet, pf.path, tmp_path / "out.pdf")
    lines = [squash(ln) for ln in page_texts(result.path, layout=True)[1].splitlines() if ln.strip()]

    def at(text: str) -> int:
        return next(n for n, ln in enumerate(lines) if text in ln)

    assert at("Length of residence") < at("Lease agreement") < at("Family ties to U.S.") < at("Birth certificate")
    assert at("Birth certificate") < at("Employment and taxes") < at("Tax return 2023") < at("Other evidence")
    assert at("Other evidence") < at("School records") < at("Family photo")
    # the plan letters a grouped packet section by section: tabs run A, B, C down the index, pages follow
    assert lines[at("Lease agreement")].startswith("Tab A ")
    assert lines[at("Birth certificate")].startswith("Tab B ")
    assert lines[at("Tax return 2023")].startswith("Tab C ")
    # an exhibit with two factors sits under its first and is cited under the other
    assert at("Family ties to U.S.") < at("See also Tab A: Lease agreement") < at("Employment and taxes")
