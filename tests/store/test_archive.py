"""A packet packed into one .zip and unpacked on another computer comes back whole; bad archives are refused."""

import hashlib
import zipfile

import pytest

from packet.store.archive import open_archive, write_archive
from packet.store.folder import PacketError
from packet.store.intake import add_files


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled_packet(packet_folder, make_pdf, make_image):
    pdf = make_pdf("lease_2021.pdf", pages=2, text="Lease")
    png = make_image("family-photo.png", size=(300, 200), color=(10, 120, 200))
    results = add_files(packet_folder, [pdf, png], factors=["residence"])
    assert [r.verdict for r in results] == ["accept", "accept"]
    return packet_folder


def test_archive_round_trip(filled_packet, tmp_path):
    src = filled_packet
    archive = write_archive(src, tmp_path / "lopez-archive")
    assert archive.name == "lopez-archive.zip" and archive.is_file()
    assert not list(tmp_path.glob(".*.tmp"))
    dest = tmp_path / "other-laptop"
    dest.mkdir()

    pf = open_archive(archive, dest)

    assert pf.path == dest / "Lopez.packet"
    assert pf.opened_from_backup is False
    assert [(e.title, e.document, e.factors) for e in pf.packet.exhibits] == \
        [(e.title, e.document, e.factors) for e in src.packet.exhibits]
    assert [e.title for e in pf.packet.exhibits] == ["Lease 2021", "Family photo"]
    assert pf.packet.documents.keys() == src.packet.documents.keys()
    for sha, doc in pf.packet.documents.items():
        stored = pf.file(doc.stored)
        assert _sha(stored) == sha
        assert stored.read_bytes() == src.file(doc.stored).read_bytes()
        for img in doc.page_images:
            assert pf.file(img.file).read_bytes() == src.file(img.file).read_bytes()
    assert pf.packet.documents[src.packet.exhibits[0].document].pages == 2
    # nothing left over from unpacking
    assert sorted(p.name for p in dest.iterdir()) == ["Lopez.packet"]


def test_archive_holds_only_the_packet(filled_packet, tmp_path):
    (filled_packet.path / ".packet.json.x.tmp").write_bytes(b"stale")
    archive = write_archive(filled_packet, tmp_path / "a.zip")
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
    assert "Lopez.packet/packet.json" in names
    assert all(n.startswith("Lopez.packet/") for n in names)
    assert not any(n.endswith(".tmp") or n.endswith(".bak") for n in names)
    assert sum(n.startswith("Lopez.packet/documents/") for n in names) == 2


def test_destination_already_holding_the_packet_is_refused(filled_packet, tmp_path):
    archive = write_archive(filled_packet, tmp_path / "a.zip")
    dest = tmp_path / "dest"
    dest.mkdir()
    first = open_archive(archive, dest)
    first.packet.cover.judge = "edited after unpacking"
    first.save()
    before = (first.path / "packet.json").read_bytes()
    with pytest.raises(PacketError, match="already exists"):
        open_archive(archive, dest)
    assert (first.path / "packet.json").read_bytes() == before
    assert sorted(p.name for p in dest.iterdir()) == ["Lopez.packet"]


def test_missing_destination_folder_is_refused(filled_packet, tmp_path):
    archive = write_archive(filled_packet, tmp_path / "a.zip")
    with pytest.raises(PacketError, match="no such folder"):
        open_archive(archive, tmp_path / "missing")


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("evil", ["../evil", "Lopez.packet/../../evil", "/tmp/evil", "Lopez.packet\\..\\evil"])
def test_unsafe_member_path_is_refused(filled_packet, tmp_path, evil):
    good = write_archive(filled_packet, tmp_path / "good.zip")
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members[evil] = b"owned"
    bad = _zip(tmp_path / "bad.zip", members)
    dest = tmp_path / "dest" / "inner"
    dest.mkdir(parents=True)
    with pytest.raises(PacketError) as info:
        open_archive(bad, dest)
    assert "unsafe path" in str(info.value)
    assert list(dest.iterdir()) == []
    assert not (tmp_path / "dest" / "evil").exists() and not (tmp_path / "evil").exists()


def test_not_a_zip_is_refused(tmp_path):
    fake = tmp_path / "packet.zip"
    fake.write_text("this is not an archive")
    dest = tmp_path / "dest"
    dest.mkdir()
    with pytest.raises(PacketError, match="not a packet archive"):
        open_archive(fake, dest)
    assert list(dest.iterdir()) == []


def test_zip_that_is_not_a_packet_is_refused(tmp_path):
    z = _zip(tmp_path / "photos.zip", {"holiday/beach.jpg": b"x"})
    dest = tmp_path / "dest"
    dest.mkdir()
    with pytest.raises(PacketError, match="not a packet archive"):
        open_archive(z, dest)
    assert list(dest.iterdir()) == []


def test_missing_archive_is_refused(tmp_path):
    with pytest.raises(PacketError, match="no such file"):
        open_archive(tmp_path / "gone.zip", tmp_path)


def test_damaged_document_inside_archive_is_refused(filled_packet, tmp_path):
    good = write_archive(filled_packet, tmp_path / "good.zip")
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    doc_name = next(n for n in members if n.startswith("Lopez.packet/documents/") and n.endswith(".pdf"))
    data = bytearray(members[doc_name])
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    members[doc_name] = bytes(data)
    bad = _zip(tmp_path / "bad.zip", members)
    dest = tmp_path / "dest"
    dest.mkdir()
    with pytest.raises(PacketError) as info:
        open_archive(bad, dest)
    assert "damaged" in str(info.value) and "lease_2021.pdf" in str(info.value)
    assert list(dest.iterdir()) == []
