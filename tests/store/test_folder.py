"""The packet folder on disk: created, opened, saved with a backup, and never half-read."""

import json
import os

import pytest

from packet.core.model import Exhibit, Respondent
from packet.store.folder import (
    BACKUP_FILE,
    PACKET_FILE,
    SCHEMA_VERSION,
    PacketError,
    create_packet,
    open_packet,
    packet_path,
)


def snapshot(folder):
    """Every file under the folder with its bytes, and every directory."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for d in dirs:
            out[os.path.relpath(os.path.join(root, d), folder) + "/"] = None
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, folder)] = fh.read()
    return out


def test_create_makes_a_packet_folder(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    assert pf.path == tmp_path / "Lopez.packet"
    assert (pf.path / PACKET_FILE).is_file()
    assert (pf.path / "documents").is_dir() and (pf.path / "derived").is_dir()
    body = json.loads((pf.path / PACKET_FILE).read_text(encoding="utf-8"))
    assert body["schema_version"] == SCHEMA_VERSION
    assert body["name"] == "Lopez"
    assert body["exhibits"] == [] and body["documents"] == {}
    assert pf.packet.created and pf.packet.modified


def test_packet_path_adds_suffix_once(tmp_path):
    assert packet_path(tmp_path / "A").name == "A.packet"
    assert packet_path(tmp_path / "A.packet").name == "A.packet"


def test_create_refuses_existing_folder_and_leaves_it_alone(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    pf.packet.cover.judge = "Judge Kim"
    pf.save()
    before = snapshot(pf.path)
    with pytest.raises(PacketError, match="already exists"):
        create_packet(tmp_path / "Lopez")
    with pytest.raises(PacketError, match="already exists"):
        create_packet(tmp_path / "Lopez.packet")
    assert snapshot(pf.path) == before


def test_create_refuses_missing_parent_folder(tmp_path):
    with pytest.raises(PacketError, match="no such folder"):
        create_packet(tmp_path / "nowhere" / "Lopez")
    assert not (tmp_path / "nowhere").exists()


def test_save_and_open_round_trip(tmp_path):
    pf = create_packet(tmp_path / "Lopez", name="Ana Lopez")
    pf.packet.cover.respondents = [Respondent("Ana Lopez", "A-123-456-789")]
    pf.packet.cover.court = "Immigration Court, New York, NY"
    pf.save()
    again = open_packet(tmp_path / "Lopez.packet")
    assert again.opened_from_backup is False
    assert again.packet.name == "Ana Lopez"
    assert again.packet.cover.respondents == [Respondent("Ana Lopez", "A-123-456-789")]
    assert again.packet.cover.court == "Immigration Court, New York, NY"
    assert again.packet.id == pf.packet.id
    # the name without .packet opens it too
    assert open_packet(tmp_path / "Lopez").packet.id == pf.packet.id


def test_backup_holds_the_previous_version_after_a_save(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    pf.packet.cover.judge = "first"
    pf.save()
    first = (pf.path / PACKET_FILE).read_bytes()
    pf.packet.cover.judge = "second"
    pf.save()
    assert (pf.path / BACKUP_FILE).read_bytes() == first
    assert json.loads((pf.path / BACKUP_FILE).read_bytes())["cover"]["judge"] == "first"
    assert json.loads((pf.path / PACKET_FILE).read_bytes())["cover"]["judge"] == "second"


def test_no_temp_files_are_left_after_saving(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    for i in range(5):
        pf.packet.cover.judge = str(i)
        pf.save()
    assert sorted(p.name for p in pf.path.iterdir()) == sorted([BACKUP_FILE, PACKET_FILE, "derived", "documents"])


def test_stale_temp_files_from_a_crash_are_cleared_on_open(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    stale = pf.path / ".packet.json.abc123.tmp"
    stale.write_bytes(b'{"half": ')
    open_packet(pf.path)
    assert not stale.exists()
    assert (pf.path / PACKET_FILE).exists()


def _bump_schema(path, version):
    data = json.loads(path.read_bytes())
    data["schema_version"] = version
    path.write_bytes(json.dumps(data).encode())


@pytest.mark.parametrize("with_backup", [False, True])
def test_newer_schema_is_refused_and_nothing_changes(tmp_path, with_backup):
    pf = create_packet(tmp_path / "Lopez")
    if with_backup:
        pf.packet.cover.judge = "x"
        pf.save()  # now a (readable, older) packet.json.bak exists: it must not be used instead
        assert (pf.path / BACKUP_FILE).exists()
    _bump_schema(pf.path / PACKET_FILE, SCHEMA_VERSION + 1)
    # a stale temp and a missing derived/ folder: open would normally tidy these; a refusal must not
    (pf.path / ".packet.json.zzz.tmp").write_bytes(b"partial")
    (pf.path / "derived").rmdir()
    before = snapshot(pf.path)
    with pytest.raises(PacketError) as info:
        open_packet(pf.path)
    message = str(info.value)
    assert "newer version" in message
    assert f"packet format {SCHEMA_VERSION + 1}" in message
    assert "nothing was changed" in message
    assert snapshot(pf.path) == before


def test_damaged_packet_json_falls_back_to_backup(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    pf.packet.cover.judge = "good"
    pf.save()
    pf.packet.cover.judge = "latest"
    pf.save()
    main = pf.path / PACKET_FILE
    main.write_bytes(main.read_bytes()[: len(main.read_bytes()) // 2])  # torn write
    again = open_packet(pf.path)
    assert again.opened_from_backup is True
    assert again.packet.cover.judge == "good"


def test_missing_packet_json_falls_back_to_backup(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    pf.packet.cover.judge = "good"
    pf.save()
    pf.packet.cover.judge = "later"
    pf.save()
    (pf.path / PACKET_FILE).unlink()
    again = open_packet(pf.path)
    assert again.opened_from_backup is True
    assert again.packet.cover.judge == "good"


def test_damaged_packet_json_without_backup_is_refused_clearly(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    (pf.path / PACKET_FILE).write_bytes(b"\x00\x01 not json")
    assert not (pf.path / BACKUP_FILE).exists()
    with pytest.raises(PacketError, match="damaged"):
        open_packet(pf.path)


def test_both_damaged_reports_the_main_file(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    pf.packet.cover.judge = "x"
    pf.save()
    (pf.path / PACKET_FILE).write_bytes(b"{")
    (pf.path / BACKUP_FILE).write_bytes(b"[]")
    with pytest.raises(PacketError) as info:
        open_packet(pf.path)
    assert PACKET_FILE in str(info.value) and "damaged" in str(info.value)
    assert BACKUP_FILE not in str(info.value)


def test_packet_json_referring_to_a_missing_document_is_inconsistent(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    pf.packet.exhibits.append(Exhibit(document="f" * 64, title="Lost letter"))
    pf.save()
    (pf.path / BACKUP_FILE).unlink()
    with pytest.raises(PacketError, match="Lost letter"):
        open_packet(pf.path)


def test_schema_version_missing_is_refused(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    (pf.path / PACKET_FILE).write_text(json.dumps({"name": "x"}), encoding="utf-8")
    with pytest.raises(PacketError, match="schema_version"):
        open_packet(pf.path)


def test_not_a_packet_folder(tmp_path):
    plain = tmp_path / "Holiday photos"
    plain.mkdir()
    (plain / "beach.jpg").write_bytes(b"\xff\xd8\xff")
    with pytest.raises(PacketError) as info:
        open_packet(plain)
    assert "not a packet" in str(info.value)
    assert PACKET_FILE in str(info.value)
    assert sorted(p.name for p in plain.iterdir()) == ["beach.jpg"]  # nothing created in it


def test_no_such_folder(tmp_path):
    with pytest.raises(PacketError, match="no packet here"):
        open_packet(tmp_path / "Nobody")


def test_stored_paths_cannot_point_outside_the_packet(packet_folder):
    with pytest.raises(PacketError, match="outside the packet"):
        packet_folder.file("../../etc/passwd")
    assert packet_folder.file("documents/x.pdf") == (packet_folder.path / "documents" / "x.pdf").resolve()


def test_packet_json_with_impossible_settings_opens_the_backup_instead(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    pf.packet.cover.judge = "good"
    pf.save()
    pf.packet.cover.judge = "later"
    pf.save()
    data = json.loads((pf.path / PACKET_FILE).read_bytes())
    data["settings"]["label_style"] = "roman"
    (pf.path / PACKET_FILE).write_text(json.dumps(data), encoding="utf-8")
    again = open_packet(pf.path)
    assert again.opened_from_backup is True
    assert again.packet.settings.label_style == "letters"
    assert again.packet.cover.judge == "good"
    (pf.path / BACKUP_FILE).unlink()
    with pytest.raises(PacketError, match="label style"):
        open_packet(pf.path)
