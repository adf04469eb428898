"""File names that are not UTF-8 (a Latin-1 José.pdf) are added, saved, listed and filed under a readable name,
and the name's original bytes are kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from pypdf import PdfReader

from packet.cli import main
from packet.store.filenames import display_name, original_bytes_hex
from packet.store.folder import create_packet, open_packet

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows names are always Unicode")

LATIN1 = b"Jos\xe9 N\xfa\xf1ez acta.pdf"  # "José Núñez acta.pdf" in Latin-1: not UTF-8


@pytest.fixture
def latin1_pdf(tmp_path, make_pdf):
    source = make_pdf("acta.pdf", pages=2, text="Acta de nacimiento")
    target = os.path.join(os.fsencode(tmp_path), LATIN1)
    os.rename(source, target)
    return os.fsdecode(target)


def test_readable_names():
    assert display_name(os.fsdecode(LATIN1)) == "José Núñez acta.pdf"
    assert original_bytes_hex(os.fsdecode(LATIN1)) == LATIN1.hex()
    assert display_name(os.fsdecode(b"\x81\x8d.pdf")) == "\ufffd\ufffd.pdf"  # not Windows-1252 either
    assert display_name("evil\x1b[2J\n.pdf") == "evil\ufffd[2J\ufffd.pdf"  # no terminal escapes
    assert display_name("Nguyễn.pdf") == "Nguyễn.pdf" and original_bytes_hex("Nguyễn.pdf") == ""


def test_a_latin1_name_is_added_saved_listed_and_filed(tmp_path, latin1_pdf):
    pf = create_packet(tmp_path / "Lopez")
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "LC_ALL": "C.UTF-8"}
    cli = [sys.executable, "-m", "packet"]
    added = subprocess.run([*cli, "add", os.fsencode(pf.path), os.fsencode(latin1_pdf)], capture_output=True, env=env)
    assert added.returncode == 0, added.stderr.decode(errors="replace")
    assert "José Núñez acta" in added.stdout.decode("utf-8") and b"Traceback" not in added.stderr
    body = json.loads((pf.path / "packet.json").read_bytes().decode("utf-8"))  # valid UTF-8 JSON
    (doc,) = body["documents"].values()
    assert doc["original_name"] == "José Núñez acta.pdf"
    assert bytes.fromhex(doc["original_name_bytes"]) == LATIN1
    assert body["exhibits"][0]["title"] == "José Núñez acta"
    listed = subprocess.run([*cli, "list", os.fsencode(pf.path)], capture_output=True, env=env)
    assert listed.returncode == 0 and "José Núñez acta" in listed.stdout.decode("utf-8")
    inspected = subprocess.run([*cli, "inspect", os.fsencode(latin1_pdf)], capture_output=True, env=env)
    assert inspected.returncode == 0 and "José Núñez acta.pdf" in inspected.stdout.decode("utf-8")
    out = tmp_path / "out.pdf"
    built = subprocess.run([*cli, "build", os.fsencode(pf.path), "-o", out, "--force", "--quiet"], capture_output=True,
                           env=env)
    assert built.returncode == 0, built.stderr.decode(errors="replace")
    index_text = PdfReader(out).pages[1].extract_text()
    assert "José Núñez acta" in index_text
    manifest = json.loads((tmp_path / "out.manifest.json").read_text(encoding="utf-8"))
    assert "José Núñez acta.pdf" in json.dumps(manifest, ensure_ascii=False)


def test_the_json_of_add_and_inspect_is_readable(tmp_path, latin1_pdf, capsys):
    capsys.readouterr()
    assert main(["inspect", latin1_pdf, "--json"]) == 0
    (r,) = json.loads(capsys.readouterr().out)
    assert r["path"].endswith("José Núñez acta.pdf") and bytes.fromhex(r["path_bytes"]).endswith(LATIN1)


def test_a_packet_folder_whose_name_is_not_utf8(tmp_path, make_pdf, capsys):
    folder = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"L\xf3pez"))
    capsys.readouterr()
    assert main(["new", folder]) == 0
    assert main(["add", folder + ".packet", str(make_pdf("lease.pdf"))]) == 0
    pf = open_packet(folder + ".packet")
    assert pf.packet.name == "López" and len(pf.packet.exhibits) == 1
