"""Never trust a file (issue 10, the engine's items), through the command line: hidden layers (2), link schemes and
XMP (3), files intake accepted that would crash or spoil the export (8), output that would fail qpdf (9)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from packet.cli import main
from packet.store.folder import open_packet

from . import hostile
from .pdfcheck import NEEDS_POPPLER, page_texts, squash

QPDF = shutil.which("qpdf")
NEEDS_QPDF = pytest.mark.skipif(QPDF is None, reason="qpdf (Debian package qpdf) not installed")


def add(packet: Path, *files: Path) -> list[dict]:
    """`packet add --json` of files into `packet` (created if missing); the intake results."""
    import io
    from contextlib import redirect_stdout

    if not packet.exists():
        assert main(["new", str(packet.with_suffix(""))]) == 0
    buf = io.StringIO()
    with redirect_stdout(buf):
        main(["add", str(packet), *map(str, files), "--json"])
    return json.loads(buf.getvalue())


def build(packet: Path, out: Path) -> int:
    return main(["build", str(packet), "-o", str(out), "--force", "--quiet"])


def qpdf_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([QPDF, "--check", str(path)], capture_output=True, text=True, timeout=300)


@pytest.fixture
def packet(tmp_path) -> Path:
    return tmp_path / "P.packet"


# -- 2. hidden layers ------------------------------------------------------------------------------------------------

@NEEDS_POPPLER
def test_hidden_layers_stay_hidden_and_intake_says_so(tmp_path, packet, capsys):
    (result,) = add(packet, hostile.layered_pdf(tmp_path / "layers.pdf"))
    assert result["verdict"] == "warn"
    assert any("hidden layers" in m for m in result["messages"]), result["messages"]
    out = tmp_path / "out.pdf"
    assert build(packet, out) == 0
    text = squash(page_texts(out)[-1])
    for shown in ("PLAINTEXT", "VISIBLELAYER", "AFTERALL"):
        assert shown in text, text
    for hidden in ("HIDDENLAYER", "HIDDENNESTED", "HIDDENBYPOLICY", "HIDDENFORM", "HIDDENNOTE"):
        assert hidden not in text, text
    with pikepdf.open(out) as pdf:
        assert "/OCProperties" not in pdf.Root
    # the original is kept as it came; the export read the flattened copy
    pf = open_packet(packet)
    doc = next(iter(pf.packet.documents.values()))
    assert doc.repaired == f"derived/{doc.sha256}/repaired.pdf"
    assert (packet / doc.stored).read_bytes() == (tmp_path / "layers.pdf").read_bytes()


# -- 3. links and XMP ------------------------------------------------------------------------------------------------

def test_only_web_and_mail_links_are_kept(tmp_path, packet, capsys):
    add(packet, hostile.links_pdf(tmp_path / "links.pdf"))
    out = tmp_path / "out.pdf"
    assert build(packet, out) == 0
    with pikepdf.open(out) as pdf:
        uris = sorted(str(a.A.URI) for p in pdf.pages for a in p.obj.get("/Annots", [])
                      if "/A" in a and a.A.get("/S") == pikepdf.Name.URI)
    assert uris == sorted(["http://example.org/a", "https://example.org/b", "mailto:clerk@example.org"])
    data = out.read_bytes()
    assert b"javascript" not in data.lower() and b"file:" not in data and b"data:text" not in data


def test_xmp_in_page_resources_is_not_carried(tmp_path, packet, capsys):
    add(packet, hostile.xmp_pdf(tmp_path / "xmp.pdf"))
    out = tmp_path / "out.pdf"
    assert build(packet, out) == 0
    with pikepdf.open(out) as pdf:
        found = [o.objgen for o in pdf.objects if isinstance(o, (pikepdf.Dictionary, pikepdf.Stream))
                 and ("/Metadata" in o or o.get("/Type") == pikepdf.Name.Metadata)]
        streams = b"".join(o.read_bytes() for o in pdf.objects if isinstance(o, pikepdf.Stream)
                           and o.get("/Subtype") != pikepdf.Name.Image)
    assert found == []
    assert b"SECRETAUTHOR" not in streams and b"xmpmeta" not in streams


# -- 8. accepted at intake, exported cleanly: repaired, or refused with a message ---------------------------------------

@NEEDS_QPDF
@NEEDS_POPPLER
def test_damaged_content_is_repaired_at_intake_and_exports_clean(tmp_path, packet, capsys):
    src = hostile.damaged_content_pdf(tmp_path / "damaged.pdf")
    (result,) = add(packet, src)
    assert result["verdict"] == "warn", result["messages"]
    assert any("repaired" in m for m in result["messages"]), result["messages"]
    pf = open_packet(packet)
    doc = pf.packet.documents[result["sha256"]]
    assert doc.repaired and (packet / doc.repaired).is_file()
    assert (packet / doc.stored).read_bytes() == src.read_bytes()  # the original, byte for byte, under its hash
    out = tmp_path / "out.pdf"
    assert build(packet, out) == 0
    run = qpdf_check(out)
    assert run.returncode == 0, run.stdout + run.stderr
    texts = [squash(t) for t in page_texts(out)]
    assert any("DAMAGEDPAGE1 line 0" in t for t in texts)  # what could be read of the page is there


@NEEDS_QPDF
def test_content_that_does_not_parse_is_rewritten(tmp_path, packet, capsys):
    (result,) = add(packet, hostile.bad_syntax_pdf(tmp_path / "syntax.pdf"))
    assert result["verdict"] == "warn" and any("repaired" in m for m in result["messages"]), result
    out = tmp_path / "out.pdf"
    assert build(packet, out) == 0
    run = qpdf_check(out)
    assert run.returncode == 0, run.stdout + run.stderr


@NEEDS_QPDF
def test_a_looping_page_tree_is_rebuilt_or_refused(tmp_path, packet, capsys):
    (result,) = add(packet, hostile.looped_tree_pdf(tmp_path / "loop.pdf"))
    if result["verdict"] == "reject":
        assert "loop.pdf" in result["messages"][0]
        return
    assert result["pages"] == 2
    out = tmp_path / "out.pdf"
    assert build(packet, out) == 0
    run = qpdf_check(out)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.slow
def test_a_decompression_bomb_is_refused_at_intake(tmp_path, packet, capsys):
    (result,) = add(packet, hostile.bomb_pdf(tmp_path / "bomb.pdf"))
    assert result["verdict"] == "reject"
    message = result["messages"][0]
    assert message.startswith("bomb.pdf ") and "decompression bomb" in message
    assert open_packet(packet).packet.documents == {}


@NEEDS_QPDF
def test_a_damaged_document_an_older_packet_took_is_proved_at_export(tmp_path, packet, capsys):
    src = hostile.damaged_content_pdf(tmp_path / "damaged.pdf")
    (result,) = add(packet, src)
    pf = open_packet(packet)
    doc = pf.packet.documents[result["sha256"]]
    (packet / doc.repaired).unlink()  # as an older Packet stored it: the original only, never proved
    doc.repaired, doc.proof = "", 0
    pf.save()
    out = tmp_path / "out.pdf"
    assert build(packet, out) == 0
    run = qpdf_check(out)
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["P.packet", "damaged.pdf", "out.manifest.json", "out.pdf"]


def test_an_unreadable_document_an_older_packet_took_is_named_at_export(tmp_path, packet, capsys):
    (result,) = add(packet, hostile.damaged_content_pdf(tmp_path / "damaged.pdf"))
    pf = open_packet(packet)
    doc = pf.packet.documents[result["sha256"]]
    damaged = b"%PDF-1.7\n% nothing else\n"
    (packet / doc.stored).write_bytes(damaged)
    doc.repaired, doc.proof = "", 0
    doc.stored_sha256 = hashlib.sha256(damaged).hexdigest()  # as stored then: the hash check holds, the file is bad
    pf.save()
    capsys.readouterr()
    assert build(packet, tmp_path / "out.pdf") == 1
    err = capsys.readouterr().err
    assert "damaged.pdf (Tab A)" in err and "Traceback" not in err
    assert not (tmp_path / "out.pdf").exists()
