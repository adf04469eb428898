"""Family packets (issue 11): a linked packet for another family member shares chosen exhibits, stored once in the
family's shared folder beside the packets; an edit to a shared exhibit's title or pages shows in every member's
packet; each exports on its own; deleting one leaves the other whole; the shared store is the only thing outside a
packet it trusts, and its metadata is locked and merged like packet.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from packet.core import actions
from packet.store.errors import PacketError
from packet.store.folder import open_packet
from tests.export.cli_helpers import cli, marker_pdf, ok
from tests.export.pdfcheck import NEEDS_POPPLER, page_texts, squash
from tests.store.test_convert import NEEDS_SOFFICE, _letter_docx

JOSE, ANA = "José Núñez Ibáñez", "Ana Núñez Ibáñez"
STORE = "Núñez Ibáñez family.family"


@pytest.fixture
def family(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """José's OPLA request (a birth certificate, a lease, his passport), and Ana's packet made from it, sharing
    the birth certificate and the lease (not the passport: identity is each person's own)."""
    monkeypatch.setenv("PACKET_DATA_DIR", str(tmp_path / "userdata"))
    ok("new", tmp_path / "José", "--template", "opla-pd-request", "--set", f"respondent={JOSE}",
       "--set", "a_number=012345678", "--set", "court=New York Field Location")
    jose = tmp_path / "José.packet"
    ok("add", jose, marker_pdf(tmp_path / "birth.pdf", "BIRTHONE", "BIRTHTWO"), "--title", "Birth certificate of Luis",
       "--factor", "family_ties")
    ok("add", jose, marker_pdf(tmp_path / "lease.pdf", "LEASEPAGE"), "--title", "Lease", "--factor", "residence")
    ok("add", jose, marker_pdf(tmp_path / "passport.pdf", "JOSEPASSPORT"), "--title", "Passport of José",
       "--factor", "identity")
    said = ok("family", jose, "--new", tmp_path / "Ana", "--respondent", ANA, "--a-number", "987654321")
    assert "sharing 2 items" in said
    return jose, tmp_path / "Ana.packet"


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("documents/*") if p.is_file())


def test_a_shared_exhibit_is_stored_once_and_each_packet_has_its_own_person(family, tmp_path):
    jose, ana = family
    store = tmp_path / STORE
    assert (store / "family.json").is_file()
    birth = open_packet(jose).packet.exhibits
    shas = {e.title: e.document for e in birth}
    # one file for each shared document in the whole folder: in the store, not in either packet
    everywhere = [p.name for p in stored_files(tmp_path)]
    for title in ("Birth certificate of Luis", "Lease"):
        assert everywhere.count(f"{shas[title]}.pdf") == 1
        assert (store / "documents" / f"{shas[title]}.pdf").is_file()
    assert (jose / "documents" / f"{shas['Passport of José']}.pdf").is_file()  # not shared: José's own
    a = open_packet(ana).packet
    assert [r.name for r in a.cover.respondents] == [ANA]
    assert a.cover.respondents[0].a_number == "A-987-654-321"
    assert {e.title for e in a.items()} == {"Birth certificate of Luis", "Lease"}
    assert a.family is not None and a.family.store == STORE
    assert open_packet(jose).packet.cover.respondents[0].name == JOSE
    listed = json.loads(ok("list", ana, "--json"))
    assert all(r["shared"] for r in listed["items"])
    family_json = json.loads(ok("family", ana, "--json"))
    assert [m["folder"] for m in family_json["members"]] == ["José.packet", "Ana.packet"]


@NEEDS_POPPLER
def test_an_edit_to_a_shared_exhibit_shows_in_both_and_each_exports_alone(family, tmp_path):
    jose, ana = family
    pf = open_packet(jose)
    birth = next(e for e in pf.packet.exhibits if e.title.startswith("Birth"))
    pf.update(lambda p: actions.rename(p, birth.id, "Birth certificate of Luis Núñez (U.S. citizen son)"))
    pf.update(lambda p: actions.hide_pages(p, birth.id, [1]))  # the page selection, through the page actions
    pf.update(lambda p: actions.turn_pages(p, birth.id, [2], 90))
    other = open_packet(ana).packet
    seen = next(e for e in other.exhibits if e.shared == birth.shared)
    assert seen.title == "Birth certificate of Luis Núñez (U.S. citizen son)"
    assert [(r.page, r.hidden, r.rotate) for r in seen.page_list(other.documents)] == [(1, True, 0), (2, False, 90)]
    for packet, name, own in ((jose, "jose.pdf", "JOSEPASSPORT"), (ana, "ana.pdf", None)):
        out = tmp_path / name
        ok("build", packet, "-o", out, "--force", "--quiet")
        text = " ".join(squash(t) for t in page_texts(out))
        assert "Birth certificate of Luis Núñez (U.S. citizen son)" in text
        assert "BIRTHTWO" in text and "BIRTHONE" not in text
        assert ("JOSEPASSPORT" in text) == bool(own)
    assert ANA in squash(page_texts(tmp_path / "ana.pdf")[0]) and JOSE not in squash(page_texts(tmp_path /
                                                                                                "ana.pdf")[0])


@NEEDS_POPPLER
def test_deleting_one_packet_leaves_the_other_whole_and_exporting(family, tmp_path):
    jose, ana = family
    shutil.rmtree(jose)
    out = tmp_path / "ana.pdf"
    ok("build", ana, "-o", out, "--force", "--quiet")
    text = " ".join(squash(t) for t in page_texts(out))
    assert "BIRTHONE" in text and "LEASEPAGE" in text
    rc, said = cli("check", ana)
    assert "missing" not in said.lower()
    listing = ok("family", ana)
    assert "José.packet" in listing and "missing (deleted?)" in listing
    pf = open_packet(ana)  # still editable: its shared exhibits are saved into the store
    pf.update(lambda p: actions.rename(p, p.exhibits[0].id, "Renamed by Ana"))
    assert open_packet(ana).packet.exhibits[0].title == "Renamed by Ana"


def test_two_members_editing_different_fields_both_keep_their_change(family):
    """The store's metadata is merged field by field under its lock: neither member's save loses the other's."""
    jose, ana = family
    a, b = open_packet(jose), open_packet(ana)
    ea = next(e for e in a.packet.exhibits if e.title == "Lease")
    eb = next(e for e in b.packet.exhibits if e.shared == ea.shared)
    a.update(lambda p: actions.rename(p, ea.id, "Lease, 2019-2026"))
    b.update(lambda p: actions.set_details(p, eb.id, date="2019-2026"))  # b read the store before a's rename
    for folder in (jose, ana):
        e = next(x for x in open_packet(folder).packet.exhibits if x.shared == ea.shared)
        assert (e.title, e.date) == ("Lease, 2019-2026", "2019-2026"), folder.name
    assert b.refresh_family() is True and b.packet.find(eb.id).title == "Lease, 2019-2026"


def test_per_packet_fields_stay_each_members_own(family):
    jose, ana = family
    a = open_packet(jose)
    lease = next(e for e in a.packet.exhibits if e.title == "Lease")
    a.update(lambda p: actions.tag(p, [lease.id], "community"))
    other = next(e for e in open_packet(ana).packet.exhibits if e.shared == lease.shared)
    assert other.factors == ["residence"]  # factor tags, slots and order are each packet's own


def test_a_path_leaving_the_family_is_still_refused(family, tmp_path):
    jose, ana = family
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4 not yours")
    good = (ana / "packet.json").read_text(encoding="utf-8")
    (ana / "packet.json.bak").unlink()  # else a damaged packet.json opens its previous save instead
    data = json.loads(good)
    doc = next(iter(data["documents"].values()))
    for bad in (f"../{STORE}/../elsewhere/secret.pdf", "../elsewhere/secret.pdf", f"../{STORE}/../../x.pdf"):
        doc["stored"] = bad
        (ana / "packet.json").write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(PacketError, match="points outside"):
            open_packet(ana)
    data = json.loads(good)
    for bad in ("../elsewhere", "../x.family", "/tmp/x.family", "elsewhere", ".family"):  # a sibling, nothing else
        data["family"]["store"] = bad
        (ana / "packet.json").write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(PacketError, match="family"):
            open_packet(ana)


def test_the_stores_own_paths_are_confined_to_it(family, tmp_path):
    _, ana = family
    store = tmp_path / STORE
    data = json.loads((store / "family.json").read_text(encoding="utf-8"))
    next(iter(data["documents"].values()))["stored"] = "../Ana.packet/packet.json"
    (store / "family.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PacketError, match="points outside"):
        open_packet(ana)


def test_a_missing_store_is_said_and_never_answered_with_an_older_save(family, tmp_path):
    _, ana = family
    shutil.move(tmp_path / STORE, tmp_path / "moved away")
    rc, said = cli("list", ana)
    assert rc == 1 and "family's shared folder" in said and "is missing" in said


def test_a_new_member_beside_the_others_only(family, tmp_path):
    jose, _ = family
    (tmp_path / "sub").mkdir()
    before = (jose / "packet.json").read_bytes()
    rc, said = cli("family", jose, "--new", tmp_path / "sub" / "Luis", "--share", "A")
    assert rc == 1 and "same folder as the others" in said
    assert not (tmp_path / "sub" / "Luis.packet").exists()
    assert (jose / "packet.json").read_bytes() == before
    ok("family", jose, "--new", tmp_path / "Luis", "--respondent", "Luis Núñez", "--share", "A")
    luis = open_packet(tmp_path / "Luis.packet").packet
    assert len(luis.items()) == 1  # a second member of the same family: the same store
    assert luis.family is not None and luis.family.store == STORE


@NEEDS_POPPLER
def test_an_archived_member_carries_the_shared_documents_and_opens_on_its_own(family, tmp_path):
    """Another computer has no family's folder beside the packet: the archive holds copies of what it shares."""
    jose, ana = family
    pf = open_packet(ana)
    lease = next(e for e in pf.packet.exhibits if e.title == "Lease")
    pf.update(lambda p: actions.rename(p, lease.id, "Lease, as Ana's packet calls it"))
    ok("archive", ana, "-o", tmp_path / "ana.zip")
    for gone in (jose, ana, tmp_path / STORE):
        shutil.rmtree(gone)
    (tmp_path / "elsewhere").mkdir()
    ok("unarchive", tmp_path / "ana.zip", "-d", tmp_path / "elsewhere")
    moved = tmp_path / "elsewhere" / "Ana.packet"
    p = open_packet(moved).packet
    assert p.family is None and not any(e.shared for e in p.items())
    assert all(not d.stored.startswith("../") for d in p.documents.values())
    assert sorted(e.title for e in p.exhibits) == ["Birth certificate of Luis", "Lease, as Ana's packet calls it"]
    out = tmp_path / "elsewhere" / "ana.pdf"
    ok("build", moved, "-o", out, "--force", "--quiet")
    text = " ".join(squash(t) for t in page_texts(out))
    assert "BIRTHONE" in text and "LEASEPAGE" in text and "Lease, as Ana's packet calls it" in text


def test_a_swapped_document_in_the_store_is_refused_at_export_naming_the_exhibit(family, tmp_path):
    jose, ana = family
    lease = next(e for e in open_packet(ana).packet.exhibits if e.title == "Lease")
    stored = tmp_path / STORE / "documents" / f"{lease.document}.pdf"
    marker_pdf(stored, "SWAPPEDPAGE")  # another document under the same name
    for member in (jose, ana):
        out = tmp_path / f"{member.stem}.pdf"
        rc, said = cli("build", member, "-o", out, "--force", "--quiet")
        assert rc == 1 and "Lease" in said and not out.exists(), said


def test_a_shared_exhibit_is_not_split_or_merged_in_one_member_and_nothing_changes(family, tmp_path):
    """Splitting would leave the other members without the second half; the page actions that keep it one
    exhibit (hide, turn, order) are the way, and they show in every member's packet."""
    jose, ana = family
    rc, said = cli("pages", jose, "A", "--split-at", "2")
    assert rc == 2 and "shared with the family's other packets" in said and "hide the pages" in said
    pf = open_packet(jose)
    birth = next(e for e in pf.packet.exhibits if e.title.startswith("Birth"))
    before = (jose / "packet.json").read_bytes(), (tmp_path / STORE / "family.json").read_bytes()
    for change in (lambda p: actions.split_exhibit(p, birth.id, 2), lambda p: actions.merge_with_next(p, birth.id)):
        with pytest.raises(actions.ActionError, match="shared with the family"):
            pf.update(change)
    assert ((jose / "packet.json").read_bytes(), (tmp_path / STORE / "family.json").read_bytes()) == before


@NEEDS_POPPLER
@NEEDS_SOFFICE
def test_a_shared_word_letter_exports_from_every_member_and_from_an_archive(tmp_path, monkeypatch):
    """A letter from Word is read through the PDF LibreOffice made of it at intake (derived/<sha>/converted.pdf):
    sharing moves that PDF into the store with the letter, so neither member's export loses it, nor an archive."""
    monkeypatch.setenv("PACKET_DATA_DIR", str(tmp_path / "userdata"))
    ok("new", tmp_path / "José", "--template", "opla-pd-request", "--set", f"respondent={JOSE}",
       "--set", "a_number=012345678", "--set", "court=New York Field Location")
    jose = tmp_path / "José.packet"
    letter = tmp_path / "carta.docx"
    letter.write_bytes(_letter_docx())
    ok("add", jose, letter, "--title", "Carta de apoyo de María Peña", "--factor", "community")
    ok("family", jose, "--new", tmp_path / "Ana", "--respondent", ANA, "--a-number", "987654321", "--share", "A")
    ana = tmp_path / "Ana.packet"
    shared = open_packet(ana).packet
    [doc] = shared.documents.values()
    assert doc.converted.startswith(f"../{STORE}/") and (ana / doc.converted).is_file()
    open_packet(jose)  # opening tidies what no record names: the letter's PDF must not be one of those
    for packet in (jose, ana):
        out = tmp_path / f"{packet.stem}.pdf"
        ok("build", packet, "-o", out, "--force", "--quiet")
        assert "Conozco a José Núñez Ibáñez desde 2011" in " ".join(squash(t) for t in page_texts(out))
    ok("archive", ana, "-o", tmp_path / "ana.zip")
    (tmp_path / "elsewhere").mkdir()
    ok("unarchive", tmp_path / "ana.zip", "-d", tmp_path / "elsewhere")
    moved = tmp_path / "elsewhere" / "Ana.packet"
    assert not next(iter(open_packet(moved).packet.documents.values())).converted.startswith("../")
    ok("build", moved, "-o", tmp_path / "moved.pdf", "--force", "--quiet")
    assert "Conozco a José Núñez Ibáñez desde 2011" in " ".join(squash(t) for t in page_texts(tmp_path / "moved.pdf"))
