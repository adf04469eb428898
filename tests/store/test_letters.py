"""Word letters at intake, through the command line: converted once by LibreOffice, the original stored as it came
and the PDF beside it (hashed, verified before export), marked converted, and its text in the export; refused
with what to do when LibreOffice is not there."""

from __future__ import annotations

import hashlib
import json

import pytest

from packet.store import convert
from packet.store.folder import open_packet
from tests.export.pdfcheck import NEEDS_POPPLER, page_texts, squash
from tests.filing.helpers import run_cli
from tests.store.test_convert import NEEDS_SOFFICE, _letter_docx


@pytest.fixture
def letter(tmp_path):
    path = tmp_path / "carta-apoyo.docx"
    path.write_bytes(_letter_docx())
    return path


@NEEDS_SOFFICE
@NEEDS_POPPLER
def test_a_docx_letter_is_added_converted_and_exported_with_its_text(tmp_path, letter):
    packet = tmp_path / "Lopez"
    run_cli("new", packet, "--set", "respondent=José Núñez", "--set", "a_number=012345678")
    rc, out, err = run_cli("add", packet, letter, "--json")
    assert rc == 0, (out, err)
    [row] = json.loads(out)
    assert row["verdict"] == "warn" and row["format"] == "DOCX"
    assert any("converted from a Word document by LibreOffice: check its pages" in m for m in row["messages"])
    pf = open_packet(packet)
    doc = pf.packet.documents[row["sha256"]]
    assert (doc.kind, doc.converted_from, doc.pages) == ("pdf", "DOCX", 1)
    assert doc.stored.endswith(".docx") and (pf.path / doc.stored).read_bytes() == letter.read_bytes()
    converted = pf.path / doc.converted
    assert converted.read_bytes().startswith(b"%PDF-")
    assert hashlib.sha256(converted.read_bytes()).hexdigest() == doc.converted_sha256
    assert doc.pdf_file() == doc.converted
    rc, out, err = run_cli("build", packet, "-o", tmp_path / "out.pdf", "--force", "--quiet")
    assert rc == 0, (out, err)
    text = squash(page_texts(tmp_path / "out.pdf")[-1])
    assert "Conozco a José Núñez Ibáñez desde 2011" in text and "Voluntario en la parroquia San Martín" in text
    assert "María Peña, 12 Elm St, Queens, NY" in text  # the footer
    # a changed PDF of the letter is refused at the next export, naming the exhibit
    converted.write_bytes(converted.read_bytes().replace(b"%%EOF", b"%%EOF\n% changed"))
    rc, out, err = run_cli("build", packet, "-o", tmp_path / "again.pdf", "--force", "--quiet")
    assert rc == 1 and "the PDF made from Tab A" in err and "changed or replaced" in err


@NEEDS_SOFFICE
def test_the_letter_is_converted_once_and_suggested_as_a_letter_of_support(tmp_path, letter):
    packet = tmp_path / "Lopez"
    run_cli("new", packet)
    rc, out, err = run_cli("add", packet, letter, "--suggest", "--json")
    [row] = json.loads(out)
    assert row["suggestion"]["kind"].startswith("Letter of support")
    assert row["suggestion"]["suggested"]["factor"] == "community"
    assert row["suggestion"]["suggested"]["language"] == "Spanish"
    rc, out, err = run_cli("add", packet, letter)
    assert "already in the packet" in err  # the same letter again: not converted twice


def test_without_libreoffice_a_word_letter_is_refused_saying_what_to_do(tmp_path, letter, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    monkeypatch.setattr(convert, "soffice_candidates", lambda: [tmp_path / "LibreOffice" / "soffice.exe"])
    packet = tmp_path / "Lopez"
    run_cli("new", packet)
    rc, out, err = run_cli("add", packet, letter)
    assert rc == 1
    assert ("REFUSED  carta-apoyo.docx is a Word document. Install LibreOffice (free) so Packet can convert it, or "
            "save it as PDF from Word and add the PDF.") in out
    pf = open_packet(packet)
    assert pf.packet.documents == {} and not list((pf.path / "documents").iterdir())
