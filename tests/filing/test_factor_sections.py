"""Factor sections, read back from the exported PDF: in a grouped packet the tabs run A, B, C down the index and
the pages follow; the deferred-action packet starts with the humanitarian section; the order can be changed per
packet; `packet sort` and the legacy warning."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from packet.core.labels import letter_label
from packet.export.build import plan_export
from packet.store.folder import open_packet

from .helpers import add, check_json, codes, edit_json, needs_poppler, run_cli, set_, text_pdf

pytestmark = needs_poppler

# The OPLA packet, added in an order that scrambled the tabs of a grouped index (B, C, E, D, F, G, A).
OPLA = [
    ("PASSPORT", "Passport of Ana Lopez", ["identity"]),
    ("SCHOOL", "School records, 2009-2016", ["residence"]),
    ("LEASE", "Lease, 2016-2024", ["residence"]),
    ("KIDS", "Birth certificates of U.S. citizen children", ["family_ties"]),
    ("DOCTOR", "Treating physician's letter", ["medical", "caregiving"]),
    ("WTWO", "W-2 forms, 2019-2023", ["employment"]),
    ("LETTERS", "Letters of support", ["community"]),
    ("PHOTO", "Family photographs", []),
]


def texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], check=True, capture_output=True,
                         timeout=60).stdout.decode("utf-8")
    return out.split("\f")


def new(tmp_path: Path, template: str, name: str = "Lopez") -> Path:
    rc, _, err = run_cli("new", tmp_path / name, "--template", template, "--set", "respondent=Ana Lopez",
                         "--set", "a_number=123456789")
    assert rc == 0, err
    return tmp_path / f"{name}.packet"


def fill(tmp_path: Path, packet: Path, exhibits) -> None:
    for marker, title, factors in exhibits:
        src = text_pdf(tmp_path / f"{marker.lower()}.pdf", [f"{marker}PAGE1", f"{marker}PAGE2"])
        add(packet, src, title=title, **({"factor": factors} if factors else {}))


def build(packet: Path, out: Path) -> list[str]:
    rc, _, err = run_cli("build", packet, "-o", out, "--quiet", "--force")
    assert rc == 0, err
    return texts(out)


ROW = re.compile(r"^\s*Tab ([A-Z]+)\s+(.+?)\s{2,}pp?\. (\d+)(?:-(\d+))?\s*$")


def index_rows(pages: list[str]) -> list[tuple[str, str, int]]:
    """(tab, title, first page) of each primary row of the index, top to bottom ("See also" rows left out)."""
    rows = []
    for page in pages:
        if "INDEX OF EXHIBITS" not in page:
            continue
        for line in page.splitlines():
            m = ROW.match(line)
            if m:
                rows.append((m.group(1), m.group(2).strip(), int(m.group(3))))
    return rows


def headings(pages: list[str], names: list[str]) -> list[str]:
    index = "\n".join(p for p in pages if "INDEX OF EXHIBITS" in p)
    found = [(index.find(f"\n{n}\n"), n) for n in names]
    return [n for pos, n in sorted(found) if pos >= 0]


def test_grouped_index_runs_a_b_c_and_the_pages_follow(tmp_path):
    packet = new(tmp_path, "opla-pd-request")
    fill(tmp_path, packet, OPLA)
    pages = build(packet, tmp_path / "Lopez.pdf")
    rows = index_rows(pages)
    assert [tab for tab, _, _ in rows] == [letter_label(n) for n in range(1, len(OPLA) + 1)]
    firsts = [first for _, _, first in rows]
    assert all(b > a for a, b in zip(firsts, firsts[1:], strict=False)), firsts
    # the residence evidence first (the template's order), identity after the equities, untagged last
    assert [t for _, t, _ in rows][:2] == ["School records, 2009-2016", "Lease, 2016-2024"]
    assert [t for _, t, _ in rows][-2:] == ["Passport of Ana Lopez", "Family photographs"]
    # each cite points at the exhibit's own first page, which carries that number as its stamp
    for tab, title, first in rows:
        marker = next(m for m, t, _ in OPLA if t == title)
        stamped = [p for p in pages if p.split() and p.split()[-1] == str(first)]
        assert len(stamped) == 1 and f"{marker}PAGE1" in stamped[0], (tab, title, first)
    # the doctor's letter sits under Medical (its first factor) and is cited under Caregiving, which the OPLA
    # template puts just before Medical
    index = "\n".join(p for p in pages if "INDEX OF EXHIBITS" in p)
    doctor_tab = next(tab for tab, t, _ in rows if t == "Treating physician's letter")
    assert index.index("Caregiving and financial support") < index.index(
        f"See also Tab {doctor_tab}: Treating physician's letter") < index.index("Medical condition") < index.index(
        f"Tab {doctor_tab}   ")
    # the list agrees with the PDF: `packet list` letters them the same way
    rc, out, err = run_cli("list", packet, "--json")
    listed = [(i["label"], i["title"]) for i in json.loads(out)["items"]]
    assert listed == [(tab, title) for tab, title, _ in rows]


def test_deferred_action_starts_with_the_humanitarian_section(tmp_path):
    packet = new(tmp_path, "deferred-action")
    fill(tmp_path, packet, [("LEASE", "Lease, 2010-2024", ["residence"]),
                            ("SCANS", "Oncology records", ["medical"]),
                            ("AGE", "Declaration on her age and frailty", ["humanitarian"])])
    pages = build(packet, tmp_path / "Deferred.pdf")
    rows = index_rows(pages)
    assert rows[0][:2] == ("A", "Declaration on her age and frailty")
    assert headings(pages, ["Humanitarian factors (age, pregnancy, disability)", "Medical condition (self or family)",
                            "Length of residence"]) == [
        "Humanitarian factors (age, pregnancy, disability)", "Medical condition (self or family)",
        "Length of residence"]
    summary = next(p for p in pages if "SUMMARY OF EQUITIES" in p)
    body = summary.split("A-123-456-789)", 1)[1].strip()
    assert body.startswith("Humanitarian factors (age, pregnancy, disability)")


def test_the_section_order_can_be_changed_per_packet(tmp_path):
    packet = new(tmp_path, "deferred-action")
    fill(tmp_path, packet, [("LEASE", "Lease, 2010-2024", ["residence"]),
                            ("AGE", "Declaration on her age", ["humanitarian"])])
    set_(packet, "factor_order=residence,humanitarian")
    rows = index_rows(build(packet, tmp_path / "x.pdf"))
    assert [(t, title) for t, title, _ in rows] == [("A", "Lease, 2010-2024"), ("B", "Declaration on her age")]
    rc, _, err = run_cli("set", packet, "factor_order=residence,not-a-factor")
    assert rc == 2 and "not-a-factor" in err and "use factor ids" in err
    assert open_packet(packet).packet.settings.factor_order[0] == "residence"


def test_sort_by_factor_and_turning_grouping_on(tmp_path):
    packet = new(tmp_path, "blank")
    fill(tmp_path, packet, OPLA[:4])  # passport, school, lease, kids: not grouped, so kept as added
    titles = lambda: [e.title for e in open_packet(packet).packet.exhibits]  # noqa: E731
    assert titles()[0] == "Passport of Ana Lopez"
    rc, out, err = run_cli("sort", packet)
    assert rc == 0 and "Length of residence: Tabs A, B" in out, err
    assert titles() == ["School records, 2009-2016", "Lease, 2016-2024", "Birth certificates of U.S. citizen children",
                        "Passport of Ana Lopez"]
    rc, out, err = run_cli("sort", packet)
    assert rc == 0 and "already in section order" in out
    # grouping keeps the list in section order: a new exhibit goes into its section, not at the end
    set_(packet, "group_by_factor=yes")
    fill(tmp_path, packet, [("RENT", "Rent receipts", ["residence"])])
    assert titles()[:3] == ["School records, 2009-2016", "Lease, 2016-2024", "Rent receipts"]


def test_a_packet_out_of_section_order_is_warned_about_and_exported_in_order(tmp_path):
    packet = new(tmp_path, "opla-pd-request")
    fill(tmp_path, packet, OPLA[:3])
    edit_json(packet, lambda d: d.update(exhibits=d["exhibits"][::-1]))  # as an older Packet or a hand edit left it
    _, report = check_json(packet)
    assert codes(report)["exhibits-out-of-section-order"][0]["fix"].startswith("Sort by factor")
    rows = index_rows(build(packet, tmp_path / "x.pdf"))
    # section by section, the list's order kept inside a section (the lease now before the school records)
    assert [(t, title) for t, title, _ in rows] == [("A", "Lease, 2016-2024"), ("B", "School records, 2009-2016"),
                                                   ("C", "Passport of Ana Lopez")]
    assert [e.label for e in plan_export(open_packet(packet).packet).entries] == ["A", "B", "C"]
    rc, _, err = run_cli("sort", packet)
    assert rc == 0, err
    _, report = check_json(packet)
    assert "exhibits-out-of-section-order" not in codes(report)


@pytest.mark.parametrize("verb", [("sort", "--by", "date")])
def test_sort_only_by_factor(tmp_path, verb):
    packet = new(tmp_path, "blank")
    rc, _, err = run_cli(verb[0], packet, *verb[1:])
    assert rc == 2 and "invalid choice" in err
