"""Never trust packet.json or an archive: paths stay inside the packet, documents are the ones named, counts are
what the files hold, and values have the types they should. Each case through the CLI, as a user meets it."""

from __future__ import annotations

import io
import json
import os
import struct
import warnings
import zipfile

import pytest
from pypdf import PdfReader, PdfWriter

from packet.cli import main
from packet.store import integrity
from packet.store.archive import open_archive, write_archive
from packet.store.folder import PacketError, create_packet
from packet.store.intake import add_files


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def snapshot(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def two_tabs(tmp_path, make_pdf):
    pf = create_packet(tmp_path / "Lopez")
    add_files(pf, [make_pdf("lease.pdf", pages=2), make_pdf("pay-stub.pdf", pages=1)])
    (pf.path / "packet.json.bak").unlink()  # no earlier save to fall back on: the damage must be refused
    return pf


def tamper(pf, change) -> None:
    body = json.loads((pf.path / "packet.json").read_bytes())
    change(body)
    (pf.path / "packet.json").write_text(json.dumps(body, indent=1), encoding="utf-8")


def first_doc(body) -> dict:
    return body["documents"][body["exhibits"][0]["document"]]


# -- paths ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("stored", ["/etc/hostname", "../../outside.pdf", "documents/../../outside.pdf"])
def test_a_path_out_of_the_packet_is_refused_and_nothing_is_built(two_tabs, tmp_path, capsys, stored):
    (tmp_path / "outside.pdf").write_bytes((two_tabs.path / first_doc(
        json.loads((two_tabs.path / "packet.json").read_bytes()))["stored"]).read_bytes())
    tamper(two_tabs, lambda b: first_doc(b).update(stored=stored))
    before = snapshot(two_tabs.path)
    for argv in (["list", two_tabs.path], ["build", two_tabs.path, "-o", tmp_path / "out.pdf", "--force"]):
        rc, out, err = run(capsys, *argv)
        assert rc == 1
        assert "points outside the packet folder" in err and "packet.json" in err
        assert "Traceback" not in err
    assert not (tmp_path / "out.pdf").exists()
    assert snapshot(two_tabs.path) == before


def test_a_symlink_out_of_the_packet_is_refused(two_tabs, tmp_path, capsys):
    body = json.loads((two_tabs.path / "packet.json").read_bytes())
    stored = two_tabs.path / first_doc(body)["stored"]
    (tmp_path / "secret.pdf").write_bytes(stored.read_bytes())
    stored.unlink()
    stored.symlink_to(tmp_path / "secret.pdf")
    rc, _, err = run(capsys, "build", two_tabs.path, "-o", tmp_path / "out.pdf", "--force")
    assert rc == 1 and "points outside the packet folder" in err
    assert not (tmp_path / "out.pdf").exists()


# -- documents swapped or changed ---------------------------------------------------------------------------------

def test_a_swapped_document_is_refused_naming_the_exhibit(two_tabs, tmp_path, capsys, make_pdf):
    body = json.loads((two_tabs.path / "packet.json").read_bytes())
    stored = two_tabs.path / body["documents"][body["exhibits"][1]["document"]]["stored"]
    stat = stored.stat()
    stored.write_bytes(make_pdf("impostor.pdf", pages=1).read_bytes())
    os.utime(stored, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old modification time
    rc, out, err = run(capsys, "build", two_tabs.path, "-o", tmp_path / "out.pdf", "--force")
    assert rc == 1
    assert "Tab B (Pay stub)" in err and "SHA-256 differs" in err and "pay-stub.pdf" in err
    assert not (tmp_path / "out.pdf").exists() and not (tmp_path / "out.manifest.json").exists()


def test_verified_documents_are_not_hashed_again_until_they_change(two_tabs, tmp_path, monkeypatch):
    from packet.export.build import export_packet

    hashed: list[str] = []
    real = integrity.file_sha256
    monkeypatch.setattr(integrity, "file_sha256", lambda p: hashed.append(p.name) or real(p))
    export_packet(two_tabs.packet, two_tabs.path, tmp_path / "one.pdf")
    assert len(hashed) == 2
    hashed.clear()
    export_packet(two_tabs.packet, two_tabs.path, tmp_path / "two.pdf")
    assert hashed == []  # size, times and inode unchanged: the cached result holds
    stored = two_tabs.path / two_tabs.packet.documents[two_tabs.packet.exhibits[0].document].stored
    stored.write_bytes(stored.read_bytes())  # same bytes, rewritten: checked again, and still fine
    export_packet(two_tabs.packet, two_tabs.path, tmp_path / "three.pdf")
    assert hashed == [stored.name]
    assert len(PdfReader(tmp_path / "three.pdf").pages) > 3


def test_a_changed_page_image_is_refused(tmp_path, capsys, make_image):
    pf = create_packet(tmp_path / "Lopez")
    add_files(pf, [make_image("photo.png", size=(400, 300))])
    img = pf.path / pf.packet.documents[pf.packet.exhibits[0].document].page_images[0].file
    assert img.parent.name != "documents"
    from PIL import Image

    with Image.new("RGB", (400, 300), (0, 0, 0)) as im:
        buf = io.BytesIO()
        im.save(buf, "JPEG")
    img.write_bytes(buf.getvalue())
    rc, _, err = run(capsys, "build", pf.path, "-o", tmp_path / "out.pdf", "--force")
    assert rc == 1 and "page 1 of Tab A (Photo) (photo.png)" in err and "changed or replaced" in err
    assert not (tmp_path / "out.pdf").exists()


# -- counts -------------------------------------------------------------------------------------------------------

def test_a_document_claiming_a_billion_pages_is_refused_at_once(two_tabs, tmp_path, capsys):
    tamper(two_tabs, lambda b: first_doc(b).update(pages=10**9))
    before = snapshot(two_tabs.path)
    for argv in (["list", two_tabs.path], ["check", two_tabs.path],
                 ["build", two_tabs.path, "-o", tmp_path / "out.pdf", "--force"]):
        rc, _, err = run(capsys, *argv)
        assert rc == 1, argv
        assert ".pages" in err and "1,000,000,000" in err and "packet.json" in err
    assert snapshot(two_tabs.path) == before


def test_a_page_count_the_file_does_not_have_is_refused_at_export(two_tabs, tmp_path, capsys):
    tamper(two_tabs, lambda b: first_doc(b).update(pages=5))
    rc, _, err = run(capsys, "build", two_tabs.path, "-o", tmp_path / "out.pdf", "--force")
    assert rc == 1
    assert "Tab A (Lease)" in err and "5 pages" in err and "its file has 2" in err
    assert not (tmp_path / "out.pdf").exists()


# -- wrong types, deep nesting ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "says"), [
    (lambda b: b["exhibits"][0].update(title=123), '"exhibits[0].title" should be text, not the number 123'),
    (lambda b: b["exhibits"][0].update(pages="1-3"), '"exhibits[0].pages" should be a list'),
    (lambda b: b["exhibits"][0].update(factors="medical"), '"exhibits[0].factors" should be a list'),
    (lambda b: b.update(documents=[]), '"documents" should be a group of entries'),
    (lambda b: b.update(exhibits={"a": 1}), '"exhibits" should be a list'),
    (lambda b: b["cover"].update(detained="yes"), '"cover.detained" should be yes or no'),
    (lambda b: b["cover"].update(respondents=[{"name": ["Ana"]}]), '"cover.respondents[0].name" should be text'),
    (lambda b: b["settings"].update(start_number=None), '"settings.start_number" should be a whole number'),
    (lambda b: first_doc(b).update(page_images="x"), ".page_images\" should be a list"),
    (lambda b: b.update(cover=[]), '"cover" should be a group of fields'),
])
def test_a_value_of_the_wrong_type_is_refused_naming_the_field(two_tabs, tmp_path, capsys, change, says):
    tamper(two_tabs, change)
    before = snapshot(two_tabs.path)
    for argv in (["list", two_tabs.path], ["set", two_tabs.path, "judge=Hon. Kim"],
                 ["build", two_tabs.path, "-o", tmp_path / "out.pdf", "--force"]):
        rc, _, err = run(capsys, *argv)
        assert rc == 1, (argv, err)
        assert says in err and f"{two_tabs.path / 'packet.json'}: is damaged" in err
        assert "Traceback" not in err
    assert snapshot(two_tabs.path) == before


def test_json_nested_100k_deep_is_refused(two_tabs, capsys):
    (two_tabs.path / "packet.json").write_bytes(b'{"schema_version": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    before = snapshot(two_tabs.path)
    rc, _, err = run(capsys, "list", two_tabs.path)
    assert rc == 1 and "nested too deeply" in err and "packet.json" in err
    assert snapshot(two_tabs.path) == before


def test_a_torn_packet_json_falls_back_to_the_backup_and_build_says_so(tmp_path, capsys, make_pdf):
    pf = create_packet(tmp_path / "Lopez")
    add_files(pf, [make_pdf("lease.pdf")])
    pf.update(lambda p: setattr(p.cover, "judge", "Hon. Kim"))
    (pf.path / "packet.json").write_bytes((pf.path / "packet.json").read_bytes()[:200])  # torn
    rc, out, err = run(capsys, "build", pf.path, "-o", tmp_path / "out.pdf", "--force")
    assert rc == 0
    assert "packet.json was unreadable" in err and "packet.json.bak" in err
    assert len(PdfReader(tmp_path / "out.pdf").pages) >= 3


# -- archives ---------------------------------------------------------------------------------------------------

def _members(archive) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(path, members: dict[str, bytes], kind=zipfile.ZIP_DEFLATED):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": that is the point of one test
        with zipfile.ZipFile(path, "w", kind) as zf:
            for name, data in (members.items() if isinstance(members, dict) else members):
                zf.writestr(name, data)
    return path


@pytest.fixture
def archived(two_tabs, tmp_path):
    dest = tmp_path / "other-laptop"
    dest.mkdir()
    return write_archive(two_tabs, tmp_path / "lopez.zip"), dest


def test_an_archive_naming_a_member_twice_is_refused(archived, tmp_path, capsys):
    archive, dest = archived
    members = list(_members(archive).items())
    doc = next((n, d) for n, d in members if "/documents/" in n)
    bad = _zip(tmp_path / "twice.zip", [*members, (doc[0], b"%PDF-1.4 the second copy")])
    rc, _, err = run(capsys, "unarchive", bad, "-d", dest)
    assert rc == 1 and "twice" in err and "not unpacked" in err
    assert list(dest.iterdir()) == []


def test_an_archive_with_a_bad_crc_is_refused(archived, tmp_path, capsys):
    archive, dest = archived
    members = _members(archive)
    name = next(n for n in members if "/documents/" in n)
    marker = b"Q" * 64
    members[name] = members[name] + marker  # stored, so the bytes sit in the file as they are
    raw = bytearray(_zip(tmp_path / "crc.zip", members, zipfile.ZIP_STORED).read_bytes())
    at = raw.index(marker)
    raw[at] ^= 0x01
    bad = tmp_path / "crc.zip"
    bad.write_bytes(bytes(raw))
    rc, _, err = run(capsys, "unarchive", bad, "-d", dest)
    assert rc == 1 and "damaged inside the archive" in err and name in err
    assert "Traceback" not in err
    assert list(dest.iterdir()) == []


def test_an_archive_member_larger_than_it_says_is_stopped(archived, tmp_path, capsys):
    archive, dest = archived
    members = _members(archive)
    name = next(n for n in members if "/documents/" in n)
    members[name] = b"\0" * 5_000_000  # inflates from a few KB
    raw = bytearray(_zip(tmp_path / "liar.zip", members).read_bytes())
    encoded = name.encode()
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        at = 0
        while (at := raw.find(sig, at)) >= 0:
            name_at = at + (30 if sig == b"PK\x03\x04" else 46)
            if raw[name_at:name_at + len(encoded)] == encoded:
                raw[at + size_at:at + size_at + 4] = struct.pack("<I", 1000)
            at += 4
    bad = tmp_path / "liar.zip"
    bad.write_bytes(bytes(raw))
    rc, _, err = run(capsys, "unarchive", bad, "-d", dest)
    assert rc == 1 and name in err and "Traceback" not in err
    assert list(dest.iterdir()) == []


def test_a_changed_decrypted_document_in_an_archive_is_refused(tmp_path, capsys, make_pdf):
    writer = PdfWriter(clone_from=make_pdf("medical.pdf", pages=2))
    writer.encrypt("s3cret")
    protected = tmp_path / "medical-locked.pdf"
    writer.write(protected)
    pf = create_packet(tmp_path / "Lopez")
    (result,) = add_files(pf, [protected], passwords={"*": "s3cret"})
    doc = pf.packet.documents[result.sha256]
    assert doc.decrypted and doc.stored_sha256 and doc.stored_sha256 != doc.sha256
    archive = write_archive(pf, tmp_path / "lopez.zip")
    members = _members(archive)
    name = f"Lopez.packet/{doc.stored}"
    replacement = PdfWriter(clone_from=make_pdf("other.pdf", pages=2))
    buf = io.BytesIO()
    replacement.write(buf)
    members[name] = buf.getvalue()
    bad = _zip(tmp_path / "bad.zip", members)
    dest = tmp_path / "dest"
    dest.mkdir()
    with pytest.raises(PacketError, match="medical-locked.pdf"):
        open_archive(bad, dest)
    assert list(dest.iterdir()) == []
    assert open_archive(archive, dest).packet.documents[doc.sha256].decrypted  # the untouched one unpacks


def test_unpacked_packets_are_private(archived):
    archive, dest = archived
    pf = open_archive(archive, dest)
    assert pf.path.stat().st_mode & 0o777 == 0o700
    for p in pf.path.rglob("*"):
        assert p.stat().st_mode & 0o077 == 0, p
