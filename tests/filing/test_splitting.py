"""Splitting a packet over the profile's size limit, and the filing manifest.

The packet is about 40 MB of generated scans (incompressible noise, so the parts cannot come out smaller than the
scans): over the 25 MB that EOIR's electronic filing takes in one file.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from packet.core.plan import SLIP
from packet.store.folder import open_packet
from packet.store.profile_library import load_all_profiles

from .helpers import (
    A_NUMBER,
    CAPTION,
    add,
    check_json,
    codes,
    needs_poppler,
    new_packet,
    run_cli,
    scan_pdf,
    set_,
    text_pdf,
    user_profile,
)

pytestmark = [pytest.mark.slow, needs_poppler]

DOC_TITLE = "Respondent's Request for Prosecutorial Discretion and Supporting Exhibits"
SCANS = 18  # two pages of about 1.1 MB each: about 40 MB in all
ECAS_LIMIT = 25_000_000


def page_texts(pdf: Path, layout: bool = False) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"],
                         check=True, capture_output=True, timeout=120).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return pages if layout else [re.sub(r"\s+", " ", p).strip() for p in pages]


def number(label: str) -> int:
    return int(re.search(r"(\d+)$", label).group(1))


@dataclass
class Split:
    packet: Path
    out: Path  # the -o name given to `packet build`
    parts: list[Path]
    manifest: dict
    stdout: str
    plan: object
    sources: dict[str, Path]  # title -> source file


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Split:
    from packet.export.build import plan_export

    base = tmp_path_factory.mktemp("big")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PACKET_DATA_DIR", str(base / "userdata"))
        packet = new_packet(base)
        sources = {}
        lead = text_pdf(base / "brief.pdf", ["BRIEFPAGEONE"])
        add(packet, lead, title="Brief in support", lead=True)
        for n in range(SCANS):
            title = f"Scanned record {n + 1:02d}"
            sources[title] = scan_pdf(base / f"scan{n:02d}.pdf", 2)
            add(packet, sources[title], title=title)
        assert sum(p.stat().st_size for p in sources.values()) > 1.4 * ECAS_LIMIT
        # the splitter is what is tested: images as they are (compression would bring this packet under 25 MB)
        set_(packet, "bates_prefix=LOPEZ-", "certificate_of_service=yes", "service_method=mail", "compress_images=off")
        out_dir = base / "out"
        out_dir.mkdir()
        out = out_dir / "Lopez.pdf"
        rc, stdout, err = run_cli("build", packet, "-o", out, "--profile", "eoir-ecas", "--quiet")
        assert rc == 0, err
        manifest = json.loads((out_dir / "Lopez.manifest.json").read_text(encoding="utf-8"))
        parts = [out_dir / f["name"] for f in manifest["files"]]
        plan = plan_export(open_packet(packet).packet)
    return Split(packet, out, parts, manifest, stdout, plan, sources)


def test_parts_are_named_by_the_profile_and_each_is_under_the_limit(big):
    ecas = load_all_profiles()[0]["eoir-ecas"]
    assert ecas.max_bytes == ECAS_LIMIT  # 25 MB, counted as 25,000,000 bytes (the stricter reading)
    n = len(big.parts)
    assert n >= 2
    assert [p.name for p in big.parts] == [f"Lopez_Part{k}.pdf" for k in range(1, n + 1)]
    assert sorted(p.name for p in big.out.parent.iterdir()) == sorted(
        [p.name for p in big.parts] + ["Lopez.manifest.json"])  # no Lopez.pdf, no temporary files
    sizes = [p.stat().st_size for p in big.parts]
    assert all(s < ECAS_LIMIT for s in sizes), sizes
    assert sum(sizes) > ECAS_LIMIT
    for p in big.parts:
        assert f"Wrote {p}" in big.stdout
    # Every part is a whole, clean PDF on US Letter.
    for p in big.parts:
        r = PdfReader(p)
        assert all(abs(float(pg.mediabox.width) - 612) < 0.5 and abs(float(pg.mediabox.height) - 792) < 0.5
                   for pg in r.pages)
        assert "/Encrypt" not in r.trailer
        assert "/AcroForm" not in r.trailer["/Root"] and "/OpenAction" not in r.trailer["/Root"]
        assert "/Names" not in r.trailer["/Root"]  # no scripts or attachments


def test_page_labels_and_bates_numbers_continue_across_parts(big):
    numbered: list[str] = []
    for k, p in enumerate(big.parts, start=1):
        labels = PdfReader(p).page_labels
        assert labels[0] == ("Cover" if k == 1 else f"Part {k}")
        rest = labels[1:]
        if numbered:
            assert number(rest[0]) == number(numbered[-1]) + 1, (k, rest[0], numbered[-1])
        numbered += rest
        # The stamp on each numbered page is its label.
        texts = page_texts(p)
        assert len(texts) == len(labels)
        for label, text in zip(rest, texts[1:], strict=False):
            assert text.endswith(label), (p.name, label, text[-60:])
        assert not re.search(r"(?<!to )LOPEZ-\d{6}$", texts[0])  # cover and slips carry no stamp
    assert numbered == [f"LOPEZ-{n:06d}" for n in range(1, len(numbered) + 1)]
    assert len(numbered) + len(big.parts) == big.manifest["total_pages"]


def test_later_parts_start_with_a_slip(big):
    n = len(big.parts)
    for k, p in enumerate(big.parts[1:], start=2):
        texts = page_texts(p)
        slip = texts[0]
        assert f"PART {k} OF {n}" in slip
        assert CAPTION in slip and DOC_TITLE in slip
        labels = PdfReader(p).page_labels
        assert f"Pages {labels[1]} to {labels[-1]}" in slip
        assert re.match(r"EXHIBIT [A-Z]+ ", texts[1]), texts[1][:80]  # split at an exhibit boundary
        reader = PdfReader(p)
        assert str(reader.outline[0].title) == "Part cover"
        assert f"(Part {k} of {n})" in reader.metadata.title
    assert [p.kind for p in big.plan.pages].count(SLIP) == 0  # the unsplit plan has none


def _index_parts(part1: Path, index_pages: int) -> dict[str, int]:
    """Tab -> the part the index says holds it, read from the laid-out index pages of part 1."""
    said: dict[str, int] = {}
    current = None
    for page in page_texts(part1, layout=True)[1:1 + index_pages]:
        for line in page.splitlines():
            m = re.match(r"\s*Tab ([A-Z]+)\s", line)
            if m:
                current = m.group(1)
            m = re.search(r"in Part (\d+)\s*$", line)
            if m and current:
                assert current not in said, (current, line)
                said[current] = int(m.group(1))
    return said


def test_part1_holds_the_cover_and_the_full_index_naming_each_exhibits_part(big):
    part1 = page_texts(big.parts[0])
    assert "RESPONDENT'S REQUEST FOR" in part1[0] and f"File No.: {A_NUMBER}" in part1[0]
    index_pages = sum(1 for t in part1 if t.startswith("INDEX OF EXHIBITS"))
    assert index_pages >= 1
    assert all(part1[i].startswith("INDEX OF EXHIBITS") for i in range(1, 1 + index_pages))
    for k in range(2, len(big.parts) + 1):  # no index pages anywhere else
        assert not any(t.startswith("INDEX OF EXHIBITS") for t in page_texts(big.parts[k - 1]))
    said = _index_parts(big.parts[0], index_pages)
    # Where each exhibit's separator actually is.
    actual: dict[str, int] = {}
    for k, p in enumerate(big.parts, start=1):
        for t in page_texts(p):
            m = re.match(r"EXHIBIT ([A-Z]+) ", t)
            if m:
                actual[m.group(1)] = k
    assert len(actual) == SCANS
    assert said == actual
    assert set(actual.values()) == set(range(1, len(big.parts) + 1))
    index = " ".join(part1[1:1 + index_pages])
    assert "Brief in support" in index and "Lead documents" in index


def _sha256sum(path: Path) -> str | None:
    if not shutil.which("sha256sum"):
        return None
    out = subprocess.run(["sha256sum", str(path)], check=True, capture_output=True, text=True, timeout=60).stdout
    return out.split()[0]


def test_manifest_proves_what_was_filed(big):
    m = big.manifest
    assert m["manifest_version"] == 1 and m["profile"] == "eoir-ecas" and m["document_title"] == DOC_TITLE
    assert [f["name"] for f in m["files"]] == [p.name for p in big.parts]
    total = 0
    for f, p in zip(m["files"], big.parts, strict=True):
        data = p.read_bytes()
        assert f["sha256"] == hashlib.sha256(data).hexdigest()
        if (ext := _sha256sum(p)) is not None:
            assert f["sha256"] == ext
        assert f["size"] == len(data) == p.stat().st_size
        labels = PdfReader(p).page_labels
        assert f["pages"] == len(labels)
        assert (f["first_page"], f["last_page"]) == (labels[1], labels[-1])
        total += f["pages"]
    assert total == m["total_pages"]
    # Each exhibit: tab, title, its source's SHA-256, its pages and the file holding it.
    rows = m["exhibits"]
    assert [r["tab"] for r in rows] == ["", *[chr(ord("A") + i) for i in range(SCANS)]]
    assert rows[0]["role"] == "lead" and rows[0]["title"] == "Brief in support"
    where = {}
    for p in big.parts:
        for i, t in enumerate(page_texts(p)):
            mm = re.match(r"EXHIBIT ([A-Z]+) ", t)
            if mm:
                where[mm.group(1)] = (p.name, PdfReader(p).page_labels[i + 1], PdfReader(p).page_labels[i + 2])
    for r in rows[1:]:
        src = big.sources[r["title"]]
        assert r["document_sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
        assert r["original_name"] == src.name and r["source_pages"] == [1, 2]
        name, first, last = where[r["tab"]]
        assert r["file"] == name
        assert (r["first_page"], r["last_page"]) == (first, last)
        assert r["pages_in_packet"] == f"pp. {first} – {last}"


def test_check_before_the_build_notes_the_split(big):
    rc, report = check_json(big.packet, "--profile", "eoir-ecas")
    assert rc == 0
    got = codes(report)
    (note,) = got["will-split"]
    assert note["severity"] == "note" and "25 MB" in note["problem"]
    assert f"about {len(big.parts)} parts" in note["fix"]
    assert "exhibit-over-limit" not in got


def test_an_exhibit_larger_than_the_limit_is_split_between_pages(tmp_path, data_dir):
    user_profile(data_dir, "opla-email", id="three-mb", name="Three megabytes", max_file_mb=3)
    packet = new_packet(tmp_path)
    add(packet, text_pdf(tmp_path / "letter.pdf", ["LETTERONE"]), title="Letter of support")
    big_scan = scan_pdf(tmp_path / "medical.pdf", 6)  # about 6.6 MB on its own
    add(packet, big_scan, title="Medical records")
    add(packet, text_pdf(tmp_path / "after.pdf", ["AFTERONE"]), title="Pay stubs")
    rc, report = check_json(packet, "--profile", "three-mb")
    (f,) = codes(report)["exhibit-over-limit"]
    assert f["severity"] == "warning" and f["where"] == "Tab B: Medical records"
    out = tmp_path / "out" / "Lopez.pdf"
    out.parent.mkdir()
    rc, stdout, err = run_cli("build", packet, "-o", out, "--profile", "three-mb", "--quiet")
    assert rc == 0, err
    manifest = json.loads(out.with_name("Lopez.manifest.json").read_text(encoding="utf-8"))
    parts = [out.with_name(f["name"]) for f in manifest["files"]]
    assert len(parts) >= 3
    assert all(p.stat().st_size < 3_000_000 for p in parts)
    # The medical records run over several parts; each later part starts with a slip, then carries on.
    holding = []
    numbered: list[str] = []
    for k, p in enumerate(parts, start=1):
        reader = PdfReader(p)
        titles = _outline_titles(reader)
        if k > 1:
            assert f"PART {k} OF {len(parts)}" in page_texts(p)[0]
        if "Tab B: Medical records" in titles:
            holding.append((k, "start"))
        if "Tab B: Medical records (continued)" in titles:
            holding.append((k, "continued"))
        numbered += reader.page_labels[1:]
    assert holding[0][1] == "start" and len(holding) >= 2
    assert all(what == "continued" for _, what in holding[1:])
    assert [k for k, _ in holding] == list(range(holding[0][0], holding[0][0] + len(holding)))
    assert [number(x) for x in numbered] == list(range(1, len(numbered) + 1))
    row = next(r for r in manifest["exhibits"] if r["tab"] == "B")
    assert row["file"] == parts[holding[0][0] - 1].name  # the part where it starts
    assert row["pages_in_packet"] == f"pp. {row['first_page']}-{row['last_page']}"
    assert number(row["last_page"]) - number(row["first_page"]) == 5


def _outline_titles(reader: PdfReader) -> list[str]:
    out = []

    def walk(items):
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                out.append(str(it.title))

    walk(reader.outline)
    return out


def test_re_export_with_fewer_parts_removes_only_the_stale_parts(big, tmp_path, data_dir):
    user_profile(data_dir, "opla-email", id="ten-mb", name="Ten megabytes", max_file_mb=10)
    out = tmp_path / "Lopez.pdf"
    others = {"notes.txt": b"my notes", "Other.pdf": b"%PDF-1.4 other", "Lopez_Part99.pdf": b"not ours",
              "Other_Part3.pdf": b"other part", "Lopez.pdf.bak": b"backup"}
    for name, data in others.items():
        (tmp_path / name).write_bytes(data)

    def export(*profile) -> dict:
        rc, stdout, err = run_cli("build", big.packet, "-o", out, *profile, "--quiet")
        assert rc == 0, err
        return json.loads((tmp_path / "Lopez.manifest.json").read_text(encoding="utf-8"))

    def ours() -> set[str]:
        return {p.name for p in tmp_path.iterdir() if p.name.startswith("Lopez") and p.name not in others}

    many = export("--profile", "ten-mb")
    names = [f["name"] for f in many["files"]]
    assert len(names) >= 5
    assert ours() == {*names, "Lopez.manifest.json", "Lopez.email.txt"}  # a copy of the emailed profile
    fewer = export("--profile", "eoir-ecas")  # not emailed: the earlier email text goes with the stale parts
    assert len(fewer["files"]) == len(big.parts) < len(names)
    assert ours() == {*(f["name"] for f in fewer["files"]), "Lopez.manifest.json"}
    one = export("--profile", "ice-paper")  # no limit: one file, and every part file goes
    assert [f["name"] for f in one["files"]] == ["Lopez.pdf"]
    assert ours() == {"Lopez.pdf", "Lopez.manifest.json"}
    for name, data in others.items():  # nothing else in the folder was touched
        assert (tmp_path / name).read_bytes() == data
    # The single file holds every page, and its hash is right.
    assert one["files"][0]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert len(PdfReader(out).pages) == one["total_pages"] == big.manifest["total_pages"] - (len(big.parts) - 1)
    # And back to parts: the whole file the last export wrote goes, so it cannot be filed by mistake.
    again = export("--profile", "eoir-ecas")
    assert ours() == {*(f["name"] for f in again["files"]), "Lopez.manifest.json"}
    assert not out.exists()


def test_parts_break_at_exhibit_boundaries_when_the_part_column_lengthens_the_index(tmp_path, data_dir):
    from packet.export.build import plan_export

    user_profile(data_dir, "opla-email", id="three-mb", name="Three megabytes", max_file_mb=3)
    packet = new_packet(tmp_path)
    for n in range(20):
        add(packet, scan_pdf(tmp_path / f"s{n:02d}.pdf", 2, (400, 400)), title=f"Record {n + 1:02d}")
    assert plan_export(open_packet(packet).packet).index_pages == 1  # 20 one-line rows fit on one page
    out = tmp_path / "out" / "Lopez.pdf"
    out.parent.mkdir()
    rc, stdout, err = run_cli("build", packet, "-o", out, "--profile", "three-mb", "--quiet")
    assert rc == 0, err
    manifest = json.loads(out.with_name("Lopez.manifest.json").read_text(encoding="utf-8"))
    parts = [out.with_name(f["name"]) for f in manifest["files"]]
    assert len(parts) >= 2
    assert sum(t.startswith("INDEX OF EXHIBITS") for t in page_texts(parts[0])) == 2  # with the Part lines
    for p in parts[1:]:
        texts = page_texts(p)
        assert re.match(r"EXHIBIT [A-Z]+ ", texts[1]), (p.name, texts[1][:80])


def test_part_names_come_from_the_profile(tmp_path, data_dir):
    user_profile(data_dir, "opla-email", id="custom", name="Custom names", max_file_mb=0.5,
                 part_name="{name} - part {n}.pdf", delivery="")  # not emailed: no email text beside the parts
    packet = new_packet(tmp_path)
    for n in range(4):
        add(packet, scan_pdf(tmp_path / f"s{n}.pdf", 2, (300, 300)), title=f"Record {n + 1}")
    out = tmp_path / "out" / "Lopez PD.pdf"
    out.parent.mkdir()
    rc, stdout, err = run_cli("build", packet, "-o", out, "--profile", "custom", "--quiet")
    assert rc == 0, err
    manifest = json.loads(out.with_name("Lopez PD.manifest.json").read_text(encoding="utf-8"))
    names = [f["name"] for f in manifest["files"]]
    assert len(names) >= 2
    assert names == [f"Lopez PD - part {k}.pdf" for k in range(1, len(names) + 1)]
    assert sorted(p.name for p in out.parent.iterdir()) == sorted([*names, "Lopez PD.manifest.json"])
    assert all((out.parent / n).stat().st_size < 500_000 for n in names)


def test_a_single_page_over_the_limit_cannot_be_split_and_nothing_is_left(tmp_path, data_dir):
    user_profile(data_dir, "opla-email", id="tiny", name="Tiny", max_file_mb=0.2)
    packet = new_packet(tmp_path)
    add(packet, scan_pdf(tmp_path / "huge.pdf", 1), title="Huge scan")  # one page of about 1.1 MB
    out = tmp_path / "out" / "Lopez.pdf"
    out.parent.mkdir()
    rc, stdout, err = run_cli("build", packet, "-o", out, "--profile", "tiny", "--quiet")
    assert rc == 1
    assert "could not be split" in err and "0.2 MB" in err
    assert list(out.parent.iterdir()) == []


def test_translations_count_toward_the_size_the_check_expects(tmp_path, data_dir):
    user_profile(data_dir, "opla-email", id="small", name="Small", max_file_mb=0.4)
    packet = new_packet(tmp_path)
    add(packet, scan_pdf(tmp_path / "acta.pdf", 2, (300, 300)), title="Birth certificate", language="Spanish")
    add(packet, scan_pdf(tmp_path / "acta-en.pdf", 2, (300, 300)), translation_of="A")
    set_(packet, "translator_name=Maria Traductora", "translator_address=5 Elm St, Queens, NY",
         "translator_phone=718-555-0100")
    out = tmp_path / "out" / "Lopez.pdf"
    out.parent.mkdir()
    rc, stdout, err = run_cli("build", packet, "-o", out, "--profile", "small", "--quiet")
    assert rc == 0, err
    manifest = json.loads(out.with_name("Lopez.manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) >= 2  # the export splits ...
    got = codes(check_json(packet, "--profile", "small")[1])
    assert "will-split" in got  # ... so the check should have said it would
    assert "exhibit-over-limit" in got
