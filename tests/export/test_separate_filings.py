"""Separate filings (issue 11): a lead document marked "file separately" (the EOIR-28 by its slot and by the ECAS
profile, or anything the user marks) is written by `packet build` as its own PDF beside the packet, listed in the
manifest with its hash and in the index as filed separately, and its pages are not in the merged PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from .cli_helpers import cli, marker_pdf, ok, sha256
from .pdfcheck import NEEDS_POPPLER, page_texts, squash

pytestmark = NEEDS_POPPLER


@pytest.fixture
def motion(tmp_path, monkeypatch) -> Path:
    """A motion to administratively close for ECAS: the motion, the EOIR-28 (in its slot), a proposed order and
    one exhibit."""
    monkeypatch.setenv("PACKET_DATA_DIR", str(tmp_path / "userdata"))
    ok("new", tmp_path / "Closure", "--template", "eoir-admin-closure", "--set", "respondent=José Núñez Ibáñez",
       "--set", "a_number=012345678", "--set", "court=New York, NY")
    packet = tmp_path / "Closure.packet"
    ok("add", packet, marker_pdf(tmp_path / "motion.pdf", "MOTIONTEXT"), "--lead", "--title", "Motion")
    ok("add", packet, marker_pdf(tmp_path / "e28.pdf", "EOIRFORMONE", "EOIRFORMTWO"), "--lead",
       "--title", "Notice of appearance")
    ok("fill", packet, "L2", "eoir28")
    ok("add", packet, marker_pdf(tmp_path / "order.pdf", "ORDERTEXT"), "--lead", "--title", "Proposed order")
    ok("add", packet, marker_pdf(tmp_path / "i797.pdf", "RECEIPTTEXT"), "--title", "I-130 receipt notice")
    return packet


def build(packet: Path, out: Path, *extra: str) -> str:
    return ok("build", packet, "-o", out, "--force", "--quiet", *extra)


def test_the_eoir28_is_its_own_pdf_listed_with_its_hash_and_not_in_the_packet(motion, tmp_path):
    out = tmp_path / "out" / "Closure.pdf"
    out.parent.mkdir()
    said = build(motion, out)
    apart = out.with_name("Closure_EOIR-28.pdf")
    assert apart.is_file() and f"Wrote {apart}" in said
    assert [squash(t) for t in page_texts(apart)] == ["EOIRFORMONE", "EOIRFORMTWO"]  # as it is: no stamp, no cover
    assert "/PageLabels" not in PdfReader(apart).trailer["/Root"]
    merged = page_texts(out)
    assert not any("EOIRFORM" in t for t in merged)
    assert any("MOTIONTEXT" in t for t in merged) and any("ORDERTEXT" in t for t in merged)
    # cover, index, motion, order, separator, receipt, certificate of service: numbered without the EOIR-28
    assert len(merged) == 7 and squash(merged[-1]).startswith("CERTIFICATE OF SERVICE")
    index = squash(merged[1])
    assert "Filed separately, each as its own PDF Notice of appearance own file" in index
    manifest = json.loads(out.with_name("Closure.manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["separate_filings"]
    assert entry["name"] == apart.name and entry["sha256"] == sha256(apart) and entry["pages"] == 2
    assert entry["size"] == apart.stat().st_size and entry["original_name"] == "e28.pdf"
    assert [f["name"] for f in manifest["files"]] == ["Closure.pdf"]
    assert manifest["files"][0]["sha256"] == sha256(out)
    assert "Notice of appearance" not in [e["title"] for e in manifest["exhibits"]]


def test_unmarked_it_goes_back_inside_and_the_stale_file_is_removed(motion, tmp_path):
    out = tmp_path / "Closure.pdf"
    build(motion, out)
    assert out.with_name("Closure_EOIR-28.pdf").exists()
    said = ok("separate", motion, "L2", "--no")
    assert "Nothing is filed separately" in said
    build(motion, out)
    assert not out.with_name("Closure_EOIR-28.pdf").exists()  # the earlier manifest listed it: not left to be filed
    assert any("EOIRFORMONE" in t for t in page_texts(out))
    listed = json.loads(ok("list", motion, "--json"))
    assert not any(r["file_separately"] for r in listed["items"])


def test_any_lead_document_can_be_marked_and_is_named_by_its_title(motion, tmp_path):
    said = ok("separate", motion, "L3")
    assert "Proposed order: filed separately as OUT_Proposed-order.pdf (your choice)" in said
    out = tmp_path / "Closure.pdf"
    build(motion, out)
    order = out.with_name("Closure_Proposed-order.pdf")
    assert [squash(t) for t in page_texts(order)] == ["ORDERTEXT"]
    assert not any("ORDERTEXT" in t for t in page_texts(out))
    manifest = json.loads(out.with_name("Closure.manifest.json").read_text(encoding="utf-8"))
    assert {f["name"]: f["sha256"] for f in manifest["separate_filings"]} == {
        "Closure_EOIR-28.pdf": sha256(out.with_name("Closure_EOIR-28.pdf")), order.name: sha256(order)}


def test_the_ecas_profile_files_the_eoir28_apart_by_default_paper_does_not(motion, tmp_path):
    """A slot that does not say so itself (a user's template) is filed apart because the ECAS profile names it."""
    data = json.loads((motion / "packet.json").read_text(encoding="utf-8"))
    for slot in data["slots"]:
        slot["file_separately"] = False
    (motion / "packet.json").write_text(json.dumps(data), encoding="utf-8")
    ecas, paper = tmp_path / "ecas.pdf", tmp_path / "paper.pdf"
    build(motion, ecas, "--profile", "eoir-ecas")
    assert ecas.with_name("ecas_EOIR-28.pdf").exists()
    build(motion, paper, "--profile", "eoir-paper")
    assert not paper.with_name("paper_EOIR-28.pdf").exists()
    assert any("EOIRFORMONE" in t for t in page_texts(paper))


def test_separate_verb_refuses_an_unknown_tab_and_changes_nothing(motion):
    before = (motion / "packet.json").read_bytes()
    rc, out = cli("separate", motion, "L9")
    assert rc == 2 and "L9" in out and "no such exhibit" in out
    assert (motion / "packet.json").read_bytes() == before
