"""Word and OpenDocument letters: sniffed by content, converted by LibreOffice, refused clearly without it."""

from __future__ import annotations

import io
import os
import subprocess
import time
import zipfile

import pytest

from packet.store import convert
from packet.store.convert import ConversionError, convert_to_pdf, find_soffice, refusal_message, sniff_office
from tests.conftest import hang_guard
from tests.export.pdfcheck import NEEDS_POPPLER, squash

NEEDS_SOFFICE = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed")


def _letter_docx() -> bytes:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_heading("Carta de apoyo", level=1)
    doc.add_paragraph("Conozco a José Núñez Ibáñez desde 2011. Es un vecino honrado y trabajador; "
                      "cuida a su madre, Ángela, y a sus dos hijos.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Año"
    table.cell(0, 1).text = "Actividad"
    table.cell(1, 0).text = "2014"
    table.cell(1, 1).text = "Voluntario en la parroquia San Martín"
    doc.sections[0].footer.paragraphs[0].text = "María Peña, 12 Elm St, Queens, NY"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in entries:
            z.writestr(name, body)
    return buf.getvalue()


def test_word_and_opendocument_files_are_known_by_their_content():
    assert sniff_office(_letter_docx()) == "DOCX"
    odt = _zip([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<x/>")])
    assert sniff_office(odt) == "ODT"
    assert sniff_office(b"{\\rtf1\\ansi Hola}") == "RTF"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "WordDocument".encode("utf-16-le") + b"\0" * 100
    assert sniff_office(ole) == "DOC"
    xlsx = _zip([("[Content_Types].xml", b'<Types><Override ContentType="application/vnd.openxmlformats-'
                 b'officedocument.spreadsheetml.sheet.main+xml"/></Types>')])
    assert sniff_office(xlsx) is None  # a spreadsheet is not a letter
    assert sniff_office(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) is None  # an .xls, say
    assert sniff_office(b"PK\x03\x04 not really a zip") is None
    assert sniff_office(b"%PDF-1.7") is None


def test_without_libreoffice_the_file_is_refused_saying_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice here
    monkeypatch.setattr(convert, "soffice_candidates", lambda: [tmp_path / "LibreOffice" / "soffice.exe"])
    assert find_soffice() is None
    with pytest.raises(ConversionError) as err:
        convert_to_pdf(_letter_docx(), "carta-apoyo.docx")
    assert str(err.value) == ("carta-apoyo.docx is a Word document. Install LibreOffice (free) so Packet can "
                              "convert it, or save it as PDF from Word and add the PDF.")
    assert "OpenDocument text" in refusal_message("carta.odt", "ODT")


def test_libreoffice_in_the_usual_install_folder_is_found(monkeypatch, tmp_path):
    program = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    assert find_soffice() == str(program)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for LibreOffice")
def test_a_converter_that_hangs_is_killed_at_the_limit_with_its_children(tmp_path):
    fake = tmp_path / "soffice"
    pids = tmp_path / "pids"
    fake.write_text(f"#!/bin/sh\nsleep 600 &\necho $$ $! > {pids}\nwait\n")
    fake.chmod(0o755)
    with pytest.raises(ConversionError, match="took longer than 1 seconds and was stopped.*save it as PDF"):
        convert_to_pdf(_letter_docx(), "carta.docx", timeout=1, soffice=str(fake))
    shell, child = (int(p) for p in pids.read_text().split())
    # the group was sent SIGKILL before the call returned: wait for the kernel to reap them (the guard: a hang)
    with hang_guard(60, f"the converter's processes {shell} and {child} still alive"):
        while _alive(shell) or _alive(child):
            time.sleep(0.05)  # between looks; what is waited for is their end
    assert not _alive(shell) and not _alive(child)


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for LibreOffice")
def test_a_converter_that_makes_no_pdf_is_reported(tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n")
    fake.chmod(0o755)
    with pytest.raises(ConversionError, match="carta.docx: LibreOffice could not convert it \\(Error: source file"):
        convert_to_pdf(_letter_docx(), "carta.docx", soffice=str(fake))


@NEEDS_SOFFICE
@NEEDS_POPPLER
def test_a_docx_letter_with_accents_a_table_and_a_footer_converts(tmp_path):
    pdf = convert_to_pdf(_letter_docx(), "carta-apoyo.docx")
    assert pdf.startswith(b"%PDF-")
    out = tmp_path / "carta.pdf"
    out.write_bytes(pdf)
    text = squash(subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True,
                                 timeout=60).stdout.decode())
    assert "Carta de apoyo" in text
    assert "Conozco a José Núñez Ibáñez desde 2011" in text and "Ángela" in text
    assert "Año" in text and "Voluntario en la parroquia San Martín" in text  # table cells
    assert "María Peña, 12 Elm St, Queens, NY" in text  # footer
    assert not list(tmp_path.glob("**/.~lock*"))
