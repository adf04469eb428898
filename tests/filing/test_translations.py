"""Translations follow their originals with a certificate of translation; the certificate of service comes last."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from packet.core.plan import CERT_SERVICE, CERT_TRANSLATION, EXHIBIT, SEPARATOR, TRANSLATION
from packet.store.folder import open_packet

from .helpers import A_NUMBER, CAPTION, RESPONDENT, add, needs_poppler, new_packet, run_cli, set_, text_pdf

pytestmark = needs_poppler

TRANSLATOR = ("Maria Traductora", "5 Elm Street, Apt 2", "Queens, NY 11101", "718-555-0100")
TITLE_B = "Birth certificate of Ana Lopez"
TITLE_C = "School records from Hà Nội"
DOC_TITLE = "Respondent's Request for Prosecutorial Discretion and Supporting Exhibits"


@dataclass
class Built:
    folder: Path
    pdf: Path
    texts: list[str]  # pdftotext of each page, whitespace collapsed
    plan: object
    packet: object
    sources: dict[str, Path]


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                         timeout=60).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [squash(p) for p in pages]


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    flat: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for it in items:
            if isinstance(it, list):
                walk(it, depth + 1)
            else:
                flat.append((depth, str(it.title), reader.get_destination_page_number(it)))

    walk(reader.outline, 0)
    return flat


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    from packet.export.build import plan_export

    base = tmp_path_factory.mktemp("translations")
    src = {
        "lease": text_pdf(base / "lease.pdf", ["LEASEPAGEONE", "LEASEPAGETWO"]),
        "acta": text_pdf(base / "acta.pdf", ["ACTAPAGEONE", "ACTAPAGETWO"]),
        "acta_en": text_pdf(base / "acta-en.pdf", ["BIRTHENGLISHONE", "BIRTHENGLISHTWO"]),
        "hocba": text_pdf(base / "hocba.pdf", ["HOCBAPAGEONE"]),
        "hocba_en": text_pdf(base / "hocba-en.pdf", ["SCHOOLENGLISHONE"]),
        "pay": text_pdf(base / "pay.pdf", ["PAYSTUBONE"]),
    }
    packet = new_packet(base)
    add(packet, src["lease"], title="Lease for the family home")
    add(packet, src["acta"], title=TITLE_B, language="Spanish")
    add(packet, src["hocba"], title=TITLE_C)
    add(packet, src["pay"], title="Pay stubs")
    add(packet, src["acta_en"], translation_of="B")
    add(packet, src["hocba_en"], translation_of="C", language="Vietnamese")
    # The translator is entered once, for the whole packet.
    set_(packet, f"translator_name={TRANSLATOR[0]}", f"translator_address={TRANSLATOR[1]}\\n{TRANSLATOR[2]}",
         f"translator_phone={TRANSLATOR[3]}", "translator_email=maria@example.org")
    set_(packet, "certificate_of_service=yes", "service_on=DHS/ICE OPLA, New York Field Location",
         "service_address=26 Federal Plaza, Room 1130\\nNew York, NY 10278", "service_method=first-class mail",
         "service_date=2027-01-05", "service_signer=Ana Abogada, Esq.", "filer_name=Ana Abogada")
    out = base / "out" / "Lopez.pdf"
    out.parent.mkdir()
    rc, stdout, err = run_cli("build", packet, "-o", out, "--quiet")
    assert rc == 0, err
    pf = open_packet(packet)
    plan = plan_export(pf.packet)
    return Built(packet, out, page_texts(out), plan, pf.packet, src)


def _entry(built: Built, label: str):
    return next(e for e in built.plan.entries if e.label == label)


def _page_of(built: Built, marker: str) -> int:
    hits = [i for i, t in enumerate(built.texts) if marker in t]
    assert len(hits) == 1, (marker, hits)
    return hits[0]


def test_the_pdf_has_the_planned_pages(built):
    assert len(built.texts) == built.plan.total == len(PdfReader(built.pdf).pages)


@pytest.mark.parametrize(("label", "originals", "translations"), [
    ("B", ["ACTAPAGEONE", "ACTAPAGETWO"], ["BIRTHENGLISHONE", "BIRTHENGLISHTWO"]),
    ("C", ["HOCBAPAGEONE"], ["SCHOOLENGLISHONE"]),
])
def test_translation_follows_its_original_then_the_certificate(built, label, originals, translations):
    e = _entry(built, label)
    kinds = [built.plan.pages[i].kind for i in range(e.separator, e.certificate + 1)]
    assert kinds == [SEPARATOR, *[EXHIBIT] * len(originals), *[TRANSLATION] * len(translations), CERT_TRANSLATION]
    assert e.translation == (e.separator + 1 + len(originals), e.separator + len(originals) + len(translations))
    assert e.certificate == e.translation[1] + 1
    # In the PDF: the separator, the original's pages, the translation's pages, the certificate, in that order.
    pages = [_page_of(built, m) for m in [*originals, *translations]]
    assert pages == list(range(e.separator + 1, e.certificate))
    assert built.texts[e.separator].startswith(f"EXHIBIT {label}")
    assert built.texts[e.certificate].startswith("CERTIFICATE OF TRANSLATION")
    # Every page is numbered on: the translation and the certificate carry page numbers too.
    labels = [built.plan.pages[i].label for i in range(e.separator, e.certificate + 1)]
    assert labels == [str(int(labels[0]) + k) for k in range(len(labels))]
    for i in range(e.separator, e.certificate + 1):
        assert built.texts[i].endswith(built.plan.pages[i].label), built.texts[i]
    # The next exhibit starts right after the certificate.
    nxt = built.plan.entries[built.plan.entries.index(e) + 1]
    assert nxt.separator == e.certificate + 1


def test_exhibits_without_translation_have_none(built):
    for label in ("A", "D"):
        e = _entry(built, label)
        assert e.translation is None and e.certificate is None
        assert not any(p.kind in (TRANSLATION, CERT_TRANSLATION) and p.item_id == e.item_id
                       for p in built.plan.pages)


@pytest.mark.parametrize(("label", "title", "language"), [("B", TITLE_B, "Spanish"), ("C", TITLE_C, "Vietnamese")])
def test_certificate_of_translation_names_translator_language_and_document(built, label, title, language):
    text = built.texts[_entry(built, label).certificate]
    name, street, city, phone = TRANSLATOR
    for needed in (name, street, city, phone, "maria@example.org", title, language,
                   f"competent to translate from {language} into English", "true and accurate", "Signature",
                   "Date", f"Tab {label}"):
        assert needed in text, (needed, text)
    assert f"Document covered: {title}" in text


def test_translator_details_are_reused_on_every_certificate(built):
    b = built.texts[_entry(built, "B").certificate]
    c = built.texts[_entry(built, "C").certificate]
    tail = f"{TRANSLATOR[0]} {TRANSLATOR[1]} {TRANSLATOR[2]} Telephone: {TRANSLATOR[3]}"
    assert tail in b and tail in c
    assert TITLE_B in b and TITLE_B not in c and TITLE_C in c and TITLE_C not in b


def test_index_mentions_the_translation(built):
    index = built.texts[1]
    assert index.startswith("INDEX OF EXHIBITS")
    assert f"{TITLE_B} (with English translation and certificate)" in index
    assert f"{TITLE_C} (with English translation and certificate)" in index
    assert "Pay stubs (with" not in index and "Lease for the family home (with" not in index


def test_outline_has_translation_and_certificate_under_the_exhibit(built):
    flat = outline(PdfReader(built.pdf))
    for label, title in (("B", TITLE_B), ("C", TITLE_C)):
        e = _entry(built, label)
        at = next(i for i, (d, t, _) in enumerate(flat) if t == f"Tab {label}: {title}")
        depth = flat[at][0]
        assert flat[at + 1] == (depth + 1, "English translation", e.translation[0])
        assert flat[at + 2] == (depth + 1, "Certificate of translation", e.certificate)
    a = next(i for i, (d, t, _) in enumerate(flat) if t.startswith("Tab A:"))
    assert flat[a + 1][1].startswith("Tab B:")  # no children under an exhibit without a translation
    assert flat[-1] == (0, "Certificate of service", built.plan.total - 1)


def test_certificate_of_service_is_the_last_page(built):
    last = built.plan.pages[-1]
    assert last.kind == CERT_SERVICE and last.number is not None
    text = built.texts[-1]
    assert text.startswith("CERTIFICATE OF SERVICE")
    for needed in ("DHS/ICE OPLA, New York Field Location", "26 Federal Plaza, Room 1130", "New York, NY 10278",
                   "first-class mail", "January 5, 2027", DOC_TITLE, "Signature", "Date", "Ana Abogada, Esq.",
                   CAPTION):
        assert needed in text, (needed, text)
    assert text.endswith(last.label)
    assert sum(1 for t in built.texts if t.startswith("CERTIFICATE OF SERVICE")) == 1


def test_manifest_records_the_translations(built):
    manifest = json.loads(built.pdf.with_name("Lopez.manifest.json").read_text(encoding="utf-8"))
    rows = {r["tab"]: r for r in manifest["exhibits"]}
    sha = {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in built.sources.items()}
    assert rows["B"]["document_sha256"] == sha["acta"] and rows["B"]["translation_sha256"] == sha["acta_en"]
    assert rows["C"]["document_sha256"] == sha["hocba"] and rows["C"]["translation_sha256"] == sha["hocba_en"]
    assert rows["A"]["translation_sha256"] == ""


def test_cover_and_caption(built):
    assert RESPONDENT.upper() in built.texts[0] and A_NUMBER in built.texts[0]


def test_certificate_without_service_date_leaves_a_blank(tmp_path):
    packet = new_packet(tmp_path)
    add(packet, text_pdf(tmp_path / "a.pdf", ["ONLYPAGE"]), title="Lease")
    set_(packet, "certificate_of_service=yes")
    out = tmp_path / "x.pdf"
    rc, stdout, err = run_cli("build", packet, "-o", out, "--quiet")
    assert rc == 0, err
    text = page_texts(out)[-1]
    # The defaults: served on OPLA by the electronic filing system; the date left for the signer.
    assert "DHS/ICE Office of the Principal Legal Advisor" in text and "electronic filing system" in text
    assert "On ____________," in text


def test_certificate_of_translation_cites_the_originals_pages(built):
    """It certifies the translation of a document: it cites that document's pages, not the translation's (nor
    its own page)."""
    e = _entry(built, "B")
    text = built.texts[e.certificate]
    m = re.search(r"\(Tab B, pp?\. (\d+)(?:-(\d+))?\)", text)
    assert m, text
    first_cited, last_cited = int(m.group(1)), int(m.group(2) or m.group(1))
    assert first_cited == int(e.first_label)
    assert last_cited == int(built.plan.pages[e.translation[0] - 1].label)
    assert last_cited < int(built.plan.pages[e.translation[0]].label) < int(built.plan.pages[e.certificate].label)
