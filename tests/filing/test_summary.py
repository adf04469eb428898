"""The summary of equities, read back from the exported PDF: only the discretion factors, each with the user's
statement and the cites of its evidence ("Tab C, p. 14") as the plan numbers them (so they match the stamps after
a reorder or a split), the criminal-record heading that matches what was filed, and the negative factors."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from packet.core.actions import move_items
from packet.core.plan import INDEX, SUMMARY
from packet.export.build import plan_export
from packet.export.index_pages import summary_cite
from packet.store.folder import open_packet

from .helpers import add, needs_poppler, new_packet, run_cli, scan_pdf, set_, text_pdf, user_profile

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
    ("PASSPORT", "Passport of Ana Lopez", 1, ["identity"]),
    ("NOTICE", "Notice to Appear", 1, ["procedural"]),
]
STATEMENTS = {"residence": "Ana has lived in Queens since 2009, when she was eleven.",
              "family_ties": "Her son Luis, 6, is a U.S. citizen and in first grade."}


def texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True,
                         timeout=60).stdout.decode("utf-8")
    return [re.sub(r"\s+", " ", p).strip() for p in out.split("\f")]


def make(tmp_path: Path, exhibits=EXHIBITS) -> Path:
    packet = new_packet(tmp_path)
    for marker, title, pages, factors in exhibits:
        src = text_pdf(tmp_path / f"{marker.lower()}.pdf", [f"{marker}PAGE{n}" for n in range(1, pages + 1)])
        add(packet, src, title=title, **({"factor": factors} if factors else {}))
    set_(packet, "summary=yes")
    return packet


@pytest.fixture
def summary_packet(tmp_path) -> Path:
    packet = make(tmp_path)
    for key, text in STATEMENTS.items():
        rc, out, err = run_cli("summary", packet, key, text)
        assert rc == 0, err
    return packet


def build(packet: Path, out: Path, *extra) -> tuple[list[str], object]:
    rc, stdout, err = run_cli("build", packet, "-o", out, "--quiet", *extra)
    assert rc == 0, err
    return texts(out), plan_export(open_packet(packet).packet)


def summary_text(pages: list[str], plan) -> str:
    return " ".join(pages[i] for i, p in enumerate(plan.pages) if p.kind == SUMMARY)


def assert_cites_match_stamps(pages: list[str], plan, summary: str) -> None:
    """Each cite in the summary names the page whose stamp ends that page's text, and that page holds the
    exhibit's first page."""
    for marker, title, _, factors in EXHIBITS:
        e = next(e for e in plan.entries if e.title == title)
        equities = [f for f in factors if f not in ("identity", "procedural")]
        if not equities:
            continue
        cite = summary_cite(e)
        assert f"{cite} {title}" in summary, (cite, title, summary)
        m = re.match(r"Tab ([A-Z]+), pp?\. (\d+)", cite)
        assert m and m.group(1) == e.label
        first = int(m.group(2))
        page = next(i for i, p in enumerate(plan.pages) if p.label == str(first))
        assert pages[page].startswith(f"{marker}PAGE1") and pages[page].endswith(str(first))


def test_summary_has_statements_cites_and_only_the_equities(summary_packet, tmp_path):
    pages, plan = build(summary_packet, tmp_path / "Lopez.pdf")
    assert [p.kind for p in plan.pages[:3]] == ["cover", INDEX, SUMMARY]
    summary = summary_text(pages, plan)
    assert summary.startswith("SUMMARY OF EQUITIES")
    # sections in the packet's order, each heading followed by the user's own words, then the cites
    assert summary.index(RESIDENCE) < summary.index(STATEMENTS["residence"]) < summary.index(FAMILY) < \
        summary.index(STATEMENTS["family_ties"]) < summary.index(EMPLOYMENT)
    assert f"{RESIDENCE} {STATEMENTS['residence']} Tab A, pp. 4-5 Lease for the family home" in summary
    assert_cites_match_stamps(pages, plan, summary)
    assert summary.count("Utility bills, 2015-2024") == 2  # cited under both of its factors
    # identity and procedural documents are not equities; untagged evidence is in the index only
    for absent in ("Passport of Ana Lopez", "Notice to Appear", "Identity", "Procedural", "Photo of the family"):
        assert absent not in summary
    assert "Passport of Ana Lopez" in pages[1] and "Notice to Appear" in pages[1]


def test_summary_rows_link_to_the_evidence(summary_packet, tmp_path):
    out = tmp_path / "Lopez.pdf"
    pages, plan = build(summary_packet, out)
    reader = PdfReader(out)
    index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    page = plan.first_of(SUMMARY)
    found = sorted((-float(a.get_object()["/Rect"][3]), index[a.get_object()["/Dest"][0].idnum])
                   for a in reader.pages[page].get("/Annots", None) or [] if "/Dest" in a.get_object())
    by_title = {e.title: e for e in plan.entries}
    order = ["Lease for the family home, 2012-2024", "School records of Ana Lopez", "Utility bills, 2015-2024",
             "Birth certificate of U.S. citizen son", "Utility bills, 2015-2024"]
    assert [t for _, t in found] == [by_title[t].first for t in order]


def test_cites_match_the_stamps_after_a_reorder(summary_packet, tmp_path):
    out = tmp_path / "Lopez.pdf"
    before, plan = build(summary_packet, out)
    assert "Tab D, p. 11 Utility bills" in summary_text(before, plan)
    # Move the utility bills (Tab D) before the birth certificate (Tab C), as dragging it in the window does.
    pf = open_packet(summary_packet)
    ids = {e.title: e.id for e in pf.packet.exhibits}
    move_items(pf.packet, [ids["Utility bills, 2015-2024"]], ids["Birth certificate of U.S. citizen son"])
    pf.save()
    after, plan = build(summary_packet, out)
    summary = summary_text(after, plan)
    assert "Tab C, p. 9 Utility bills, 2015-2024" in summary and "Tab D, p. 11 Birth certificate" in summary
    assert "Tab D, p. 11 Utility bills" not in summary
    assert_cites_match_stamps(after, plan, summary)
    assert "Tab C Utility bills, 2015-2024 p. 9" in after[1]  # the index agrees


def test_cites_match_the_stamps_after_a_split(tmp_path, data_dir):
    """A packet split into parts: numbering runs on across the part slips, and the summary cites the numbers the
    pages carry in their parts."""
    packet = new_packet(tmp_path)
    for n in range(3):
        add(packet, scan_pdf(tmp_path / f"scan{n}.pdf", 1), title=f"Pay stub {n + 1}", factor="employment")
    set_(packet, "summary=yes")
    user_profile(data_dir, "eoir-ecas", id="tiny", name="Tiny", max_file_mb=1.5)
    out = tmp_path / "Split.pdf"
    rc, stdout, err = run_cli("build", packet, "-o", out, "--quiet", "--profile", "tiny", "--force")
    assert rc == 0, err
    parts = sorted(tmp_path.glob("Split_Part*.pdf"))
    assert len(parts) >= 2
    summary = texts(parts[0])[2]
    stamps: dict[str, str] = {}  # page label -> the part's page text
    for part in parts:
        for text in texts(part):
            if text:
                stamps[text.split()[-1]] = text
    for n in range(3):
        m = re.search(rf"Tab ([A-C]), p\. (\d+) Pay stub {n + 1}", summary)
        assert m, summary
        sep = stamps[str(int(m.group(2)) - 1)]  # the page before the cited one is the exhibit's separator
        assert sep.startswith(f"EXHIBIT {m.group(1)} Pay stub {n + 1}")


@pytest.mark.parametrize(("exhibits", "heading", "absent"), [
    ([("FBI", "FBI identity history summary: no record", 1, ["no_criminal_history"])],
     "No criminal record", "Criminal history"),
    ([("DISP", "Certified disposition, 2014 DWI (dismissed)", 1, ["no_criminal_history"]),
      ("REHAB", "Certificate of completion, alcohol education", 1, ["rehabilitation"])],
     "Criminal history and rehabilitation", "No criminal record"),
])
def test_the_criminal_record_heading_matches_what_was_filed(tmp_path, exhibits, heading, absent):
    packet = make(tmp_path, exhibits)
    pages, plan = build(packet, tmp_path / "x.pdf")
    summary = summary_text(pages, plan)
    assert heading in summary and absent not in summary
    for _, title, _, _ in exhibits:  # a disposition's section also cites the rehabilitation evidence
        assert summary.index(heading) < summary.index(title)
    assert "Rehabilitation Tab" not in summary  # no separate rehabilitation section then


def test_the_user_chooses_the_criminal_record_heading(tmp_path):
    packet = make(tmp_path, [("LETTER", "Letter from the county court", 1, ["no_criminal_history"])])
    pages, plan = build(packet, tmp_path / "x.pdf")
    assert "Criminal record Tab A" in summary_text(pages, plan)  # cannot tell from the title
    rc, out, err = run_cli("summary", packet, "--criminal-heading", "no-record")
    assert rc == 0 and "No criminal record" in out, err
    pages, plan = build(packet, tmp_path / "x.pdf")
    assert "No criminal record Tab A, p. 4 Letter from the county court" in summary_text(pages, plan)
    rc, out, err = run_cli("summary", packet, "--criminal-heading", "maybe")
    assert rc == 2 and "use auto, record" in err


def test_negative_factors_addressed(summary_packet, tmp_path):
    rc, out, err = run_cli("summary", summary_packet, "negative", "One arrest in 2016; the charge was dismissed.",
                           "--cite", "B")
    assert rc == 0, err
    pages, plan = build(summary_packet, tmp_path / "x.pdf")
    summary = summary_text(pages, plan)
    assert summary.index(EMPLOYMENT) < summary.index("Negative factors addressed")
    assert ("Negative factors addressed One arrest in 2016; the charge was dismissed. Tab B, p. 7 School records"
            in summary)
    rc, out, err = run_cli("summary", summary_packet, "family_ties", "--cite", "C")
    assert rc == 2 and "--cite is for 'negative'" in err


def test_statements_are_refused_for_what_is_not_an_equity(summary_packet):
    before = (summary_packet / "packet.json").read_bytes()
    rc, out, err = run_cli("summary", summary_packet, "identity", "Her passport is valid.")
    assert rc == 2 and "identity and procedural documents are not equities" in err
    assert (summary_packet / "packet.json").read_bytes() == before
    rc, out, err = run_cli("summary", summary_packet, "residence", "")
    assert rc == 0 and STATEMENTS["residence"] not in out  # '' removes the statement
    rc, out, err = run_cli("summary", summary_packet, "--json")
    assert rc == 0 and '"statement": ""' in out


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


def test_summary_with_bates_numbers_cites_each_number_whole(summary_packet, tmp_path):
    set_(summary_packet, "bates_prefix=LOPEZ-", "bates_digits=4")
    pages, plan = build(summary_packet, tmp_path / "Lopez.pdf")
    summary = summary_text(pages, plan)
    assert "Tab A, pp. LOPEZ-0004 – LOPEZ-0005 Lease for the family home, 2012-2024" in summary
    assert "Tab B, p. LOPEZ-0007 School records of Ana Lopez" in summary
