"""Long unbroken titles: wrapping is linear (a 100,000-character title renders at once), and titles are capped
at 300 characters with a message wherever they are set."""

from __future__ import annotations

import json
import threading

import pytest
from pypdf import PdfReader

from packet.cli import main
from packet.core.geometry import LETTER_H, LETTER_W
from packet.export.fonts import BOLD, REGULAR, text_width, wrap
from packet.store.folder import create_packet, open_packet
from packet.store.intake import add_files

HANG_GUARD_S = 120  # only against a hang: linear wrapping takes a fraction of a second even on a slow machine


def finishes(fn, *args):
    """fn(*args), run in a thread that must finish within the hang guard (the cubic wrap never did)."""
    out: list = []
    worker = threading.Thread(target=lambda: out.append(fn(*args)), daemon=True)
    worker.start()
    worker.join(HANG_GUARD_S)
    assert out, f"{fn.__name__} did not finish within {HANG_GUARD_S} s"
    return out[0]


@pytest.mark.parametrize("text", ["W" * 100_000, ("Nguyễn " * 14_000).strip(), "ab" * 2_500 + " short words"],
                         ids=["one-word", "many-words", "mixed"])
def test_wrapping_is_linear_and_loses_nothing(text):
    width = 300.0
    lines = finishes(wrap, text, REGULAR, 10, width)
    assert all(text_width(line, REGULAR, 10) <= width + 1e-6 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert len(lines) > 10


def test_wrapping_still_breaks_between_words():
    assert wrap("Birth certificate of Ana Lopez (U.S. citizen daughter)", BOLD, 12, 150) == \
        ["Birth certificate of", "Ana Lopez (U.S.", "citizen daughter)"]


def test_a_100k_character_title_in_packet_json_exports(tmp_path, make_pdf, capsys):
    pf = create_packet(tmp_path / "Lopez")
    add_files(pf, [make_pdf("lease.pdf")])
    body = json.loads((pf.path / "packet.json").read_bytes())
    body["exhibits"][0]["title"] = "Lease" + "X" * 100_000  # written by hand: no cap applies to what is on disk
    (pf.path / "packet.json").write_text(json.dumps(body), encoding="utf-8")
    out = tmp_path / "out.pdf"
    rc = finishes(main, ["build", str(pf.path), "-o", str(out), "--force", "--quiet"])
    assert rc == 0, capsys.readouterr().err
    reader = PdfReader(out)
    assert all((float(p.mediabox.width), float(p.mediabox.height)) == (LETTER_W, LETTER_H) for p in reader.pages)
    assert "LeaseXXXX" in reader.pages[1].extract_text()


def test_the_cli_caps_titles_with_a_message(tmp_path, make_pdf, capsys):
    pf = create_packet(tmp_path / "Lopez")
    before = (pf.path / "packet.json").read_bytes()
    capsys.readouterr()
    assert main(["add", str(pf.path), str(make_pdf("lease.pdf")), "--title", "T" * 2_000]) == 2
    err = capsys.readouterr().err
    assert "--title is 2,000 characters long; it can be up to 300" in err
    assert main(["set", str(pf.path), "document_title=" + "D" * 400]) == 2
    assert "document_title is 400 characters long" in capsys.readouterr().err
    assert (pf.path / "packet.json").read_bytes() == before
    assert main(["add", str(pf.path), str(make_pdf("lease.pdf")), "--title", "T" * 300]) == 0
    assert open_packet(pf.path).packet.exhibits[0].title == "T" * 300
