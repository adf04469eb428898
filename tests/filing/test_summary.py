"""The summary of equities: each factor with its evidence, cited by tab and page as the plan numbers them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from packet.core.actions import move_items
from packet.core.labels import exhibit_label
from packet.core.plan import INDEX, SUMMARY
from packet.export.build import plan_export
from packet.store.folder import open_packet

from .helpers import add, needs_poppler, new_packet, run_cli, set_, text_pdf

pytestmark = needs_poppler

RESIDENCE = "Length of residence"
FAMILY = "Family ties to U.S. citizens or residents"
EMPLOYMENT = "Employment and taxes"

# (marker, title, pages, factors)
EXHIBITS = [
    ("LEASE", "Lease for the family home, 2012-2024", 2, ["residence"]),
    ("SCHOOL", "School records of Ana Lopez", 1, ["residence"]),
    ("BIRTH", "Birth certificate of U.S. citizen son", 1, ["family_ties"]),
    ("UTILITY", "Utility bills, 2015-2024", 1, ["residence", "employment"]),
    ("PHOTO", "Photo of the family", 1, []),
]


def texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                         timeout=60).stdout.decode("utf-8")
    return [re.sub(r"\s+", " ", p).strip() for p in out.split("\f")]


@pytest.fixture
def summary_packet(tmp_path) -> Path:
    packet = new_packet(tmp_path)
    for marker, title, pages, factors in EXHIBITS:
        src = text_pdf(tmp_path / f"{marker.lower()}.pdf", [f"{marker}PAGE{n}" for n in range(1, pages + 1)])
        add(packet, src, title=title, **({"factor": factors} if factors else {}))
    set_(packet, "summary=yes")
    return packet


def build(packet: Path, out: Path) -> tuple[list[str], object]:
    rc, stdout, err = run_cli("build", packet, "-o", out, "--quiet")
    assert rc == 0, err
    return texts(out), plan_export(open_packet(packet).packet)


def expected_cites(plan, factor: str) -> str:
    """'Tabs A-B, D, pp. 4-7, 11', worked out here from the plan: tabs in runs; pages in runs, where one
    separator page between two exhibits does not break a run."""
    exhibits = [e for e in plan.entries if e.role == "exhibit"]
    backing = [(n, e) for n, e in enumerate(exhibits, start=1) if factor in e.factors]
    runs: list[list[int]] = []
    for n, _ in backing:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    tabs = ", ".join(exhibit_label(a) if a == b else f"{exhibit_label(a)}-{exhibit_label(b)}" for a, b in runs)
    tabs = ("Tab " if len(backing) == 1 else "Tabs ") + tabs
    spans: list[list] = []
    for _, e in backing:
        if spans and e.first <= spans[-1][1] + 2:
            spans[-1][1], spans[-1][3] = e.last, e.last_label
        else:
            spans.append([e.first, e.last, e.first_label, e.last_label])
    pages = ", ".join(a if f == l else f"{a}-{b}" for f, l, a, b in spans)
    single = len(spans) == 1 and spans[0][0] == spans[0][1]
    return f"{tabs}, {'p.' if single else 'pp.'} {pages}"


def test_summary_follows_the_index_and_cites_tabs_and_pages(summary_packet, tmp_path):
    pages, plan = build(summary_packet, tmp_path / "Lopez.pdf")
    assert [p.kind for p in plan.pages[:3]] == ["cover", INDEX, SUMMARY]
    assert pages[1].startswith("INDEX OF EXHIBITS")
    summary = pages[2]
    assert summary.startswith("SUMMARY OF EQUITIES")
    # The layout of this packet, worked out by hand: cover; index p. 1; summary p. 2; then each exhibit's
    # separator and pages: A sep 3, pp. 4-5; B sep 6, p. 7; C sep 8, p. 9; D sep 10, p. 11; E sep 12, p. 13.
    assert expected_cites(plan, "residence") == "Tabs A-B, D, pp. 4-7, 11"
    assert expected_cites(plan, "family_ties") == "Tab C, p. 9"
    assert expected_cites(plan, "employment") == "Tab D, p. 11"
    assert f"{RESIDENCE}: Tabs A-B, D, pp. 4-7, 11" in summary
    assert f"{FAMILY}: Tab C, p. 9" in summary
    assert f"{EMPLOYMENT}: Tab D, p. 11" in summary
    # Factors in the order of the factor list; each lists its exhibits with their own cites.
    assert summary.index(RESIDENCE) < summary.index(FAMILY) < summary.index(EMPLOYMENT)
    for _marker, title, _, factors in EXHIBITS:
        e = next(e for e in plan.entries if e.title == title)
        if factors:
            assert f"Tab {e.label} {title} {e.cite}" in summary, (title, summary)
        else:
            assert title not in summary  # untagged evidence is in the index, not the summary
    assert summary.count("Utility bills, 2015-2024") == 2  # under both of its factors
    # The cites point at the pages that hold the evidence.
    for marker, title, _n, _ in EXHIBITS:
        e = next(e for e in plan.entries if e.title == title)
        assert f"{marker}PAGE1" in pages[e.first] and pages[e.first].endswith(e.first_label)


def _links(pdf: Path, page: int) -> list[int]:
    reader = PdfReader(pdf)
    index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    found = []
    for ref in reader.pages[page].get("/Annots", None) or []:
        a = ref.get_object()
        if a.get("/Subtype") == "/Link" and "/Dest" in a:
            found.append((-float(a["/Rect"][3]), index[a["/Dest"][0].idnum]))
    return [t for _, t in sorted(found)]


def test_summary_rows_link_to_the_evidence(summary_packet, tmp_path):
    out = tmp_path / "Lopez.pdf"
    pages, plan = build(summary_packet, out)
    by_title = {e.title: e for e in plan.entries}
    rows = [by_title[t] for t in ("Lease for the family home, 2012-2024", "School records of Ana Lopez",
                                  "Utility bills, 2015-2024", "Birth certificate of U.S. citizen son",
                                  "Utility bills, 2015-2024")]
    assert _links(out, 2) == [e.first for e in rows]


def test_reordering_changes_the_summary_cites(summary_packet, tmp_path):
    out = tmp_path / "Lopez.pdf"
    before, plan = build(summary_packet, out)
    assert f"{RESIDENCE}: Tabs A-B, D, pp. 4-7, 11" in before[2]
    # Move the utility bills (Tab D) before the birth certificate (Tab C), as dragging it in the window does.
    pf = open_packet(summary_packet)
    ids = {e.title: e.id for e in pf.packet.exhibits}
    move_items(pf.packet, [ids["Utility bills, 2015-2024"]], ids["Birth certificate of U.S. citizen son"])
    pf.save()
    assert [e.title for e in open_packet(summary_packet).packet.exhibits][2:4] == [
        "Utility bills, 2015-2024", "Birth certificate of U.S. citizen son"]
    after, plan = build(summary_packet, out)
    summary = after[2]
    assert expected_cites(plan, "residence") == "Tabs A-C, pp. 4-9"
    assert expected_cites(plan, "family_ties") == "Tab D, p. 11"
    assert f"{RESIDENCE}: Tabs A-C, pp. 4-9" in summary
    assert f"{FAMILY}: Tab D, p. 11" in summary
    assert f"{EMPLOYMENT}: Tab C, p. 9" in summary
    assert "Tabs A-B, D" not in summary and "Tab C, p. 9" not in summary.replace(f"{EMPLOYMENT}: Tab C, p. 9", "")
    assert "Tab C Utility bills, 2015-2024 p. 9" in summary
    assert "Tab D Birth certificate of U.S. citizen son p. 11" in summary
    # The index agrees with the summary.
    assert "Tab C Utility bills, 2015-2024 p. 9" in after[1]
    assert after[plan.entry(ids["Utility bills, 2015-2024"]).first].startswith("UTILITYPAGE1")


def test_summary_of_a_packet_without_factors_says_so(tmp_path):
    packet = new_packet(tmp_path)
    add(packet, text_pdf(tmp_path / "a.pdf", ["APAGE"]), title="Lease")
    set_(packet, "summary=yes")
    pages, plan = build(packet, tmp_path / "x.pdf")
    assert pages[2].startswith("SUMMARY OF EQUITIES")
    assert "No exhibit is tagged with a discretion factor yet." in pages[2]
    set_(packet, "summary=no")
    pages, plan = build(packet, tmp_path / "x.pdf")
    assert not any("SUMMARY OF EQUITIES" in p for p in pages)


def test_summary_with_bates_numbers_cites_each_exhibit_whole(summary_packet, tmp_path):
    set_(summary_packet, "bates_prefix=LOPEZ-", "bates_digits=4")
    pages, plan = build(summary_packet, tmp_path / "Lopez.pdf")
    assert "Tab A Lease for the family home, 2012-2024 pp. LOPEZ-0004 – LOPEZ-0005" in pages[2]
    assert "Tab B School records of Ana Lopez p. LOPEZ-0007" in pages[2]


def test_summary_heading_with_bates_numbers_keeps_each_number_whole(summary_packet, tmp_path):
    set_(summary_packet, "bates_prefix=LOPEZ-", "bates_digits=4")
    pages, plan = build(summary_packet, tmp_path / "Lopez.pdf")
    assert f"{RESIDENCE}: Tabs A-B, D, pp. LOPEZ-0004 – LOPEZ-0007, LOPEZ-0011" in pages[2]
