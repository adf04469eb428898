"""Filing profiles: the built-in ones, a user's copies, broken profile files, and the paper profiles' top margin."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from packet.core.profiles import SCHEMA_VERSION, Profile, load_profiles, parse_profile
from packet.core.resources import resource
from packet.export.build import export_packet
from packet.store.folder import open_packet
from packet.store.paths import user_profiles_dir
from packet.store.profile_library import load_all_profiles

from .helpers import add, needs_poppler, new_packet, run_cli, text_pdf, user_profile

BUILT_IN = {
    # id: (max_file_mb, certificate_of_service, top margin in inches)
    "eoir-ecas": (25.0, True, 0.5),
    "eoir-paper": (None, True, 1.0),
    "ice-paper": (None, False, 1.0),
    "opla-email": (20.0, False, 0.5),
    "federal-cmecf": (35.0, True, 0.5),
}


def test_every_built_in_profile_loads_with_its_limit():
    profiles, problems = load_profiles()
    assert problems == []
    assert set(profiles) == set(BUILT_IN)
    for pid, (limit, cos, top) in BUILT_IN.items():
        p = profiles[pid]
        assert p.source == "built-in"  # user copies are named by their full path
        assert p.max_file_mb == limit, pid
        assert p.max_bytes == (int(limit * 1_000_000) if limit else None), pid
        assert p.certificate_of_service is cos, pid
        assert p.top_margin_in == top and p.top_margin_pt == top * 72
        assert p.sides == "single"
        assert p.part_file("Lopez", 2) == "Lopez_Part2.pdf"
    # The limits are data: every built-in file says its own limit, and its file name is its id.
    for path in resource("profiles").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["id"] == path.stem
        assert data["schema_version"] == SCHEMA_VERSION
        assert data["max_file_mb"] == BUILT_IN[data["id"]][0]
    assert profiles["eoir-ecas"].max_bytes == 25_000_000
    assert profiles["opla-email"].max_bytes == 20_000_000


def test_federal_profile_says_the_limit_is_configurable(data_dir):
    p = load_profiles()[0]["federal-cmecf"]
    assert "max_file_mb" in p.description and "copy" in p.description
    user_profile(data_dir, "federal-cmecf", max_file_mb=10)
    profiles, problems = load_all_profiles()
    assert problems == []
    assert profiles["federal-cmecf"].max_file_mb == 10
    assert profiles["federal-cmecf"].max_bytes == 10_000_000


def test_paper_profiles_have_no_limit_and_a_larger_top_margin():
    profiles, _ = load_profiles()
    for pid in ("eoir-paper", "ice-paper"):
        p = profiles[pid]
        assert p.max_bytes is None
        assert p.top_margin_in >= 1.0 > profiles["eoir-ecas"].top_margin_in
        assert "punch" in p.description.lower()


def test_a_user_copy_with_another_limit_replaces_the_built_in(data_dir, tmp_path):
    path = user_profile(data_dir, "opla-email", max_file_mb=8, name="OPLA email (our office: 8 MB)")
    assert path.parent == user_profiles_dir() == data_dir / "profiles"
    profiles, problems = load_all_profiles()
    assert problems == []
    p = profiles["opla-email"]
    assert (p.max_file_mb, p.max_bytes, p.name) == (8.0, 8_000_000, "OPLA email (our office: 8 MB)")
    assert p.source == str(path)
    assert profiles["eoir-ecas"].source == "built-in"  # the others are still the built-in ones
    # The CLI sees the same.
    rc, out, err = run_cli("profiles", "--json")
    assert rc == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["opla-email"]["max_file_mb"] == 8 and rows["opla-email"]["source"] == str(path)
    assert len(rows) == 5
    rc, out, err = run_cli("profiles")
    assert "8 MB per file" in out and str(data_dir / "profiles") in err
    # A packet checked against it uses the user's limit.
    packet = new_packet(tmp_path)
    add(packet, text_pdf(tmp_path / "a.pdf", ["A"]))
    rc, out, err = run_cli("check", packet, "--profile", "opla-email")
    assert rc == 0 and "OPLA email (our office: 8 MB)" in out


def test_a_user_profile_with_a_new_id_is_added(data_dir):
    user_profile(data_dir, "eoir-ecas", id="my-court", name="My court", max_file_mb=12.5)
    profiles, problems = load_all_profiles()
    assert problems == []
    assert set(profiles) == {*BUILT_IN, "my-court"}
    assert profiles["my-court"].max_bytes == 12_500_000
    assert profiles["eoir-ecas"].max_file_mb == 25


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{ not json", ["not a readable JSON file"]),
        (dict(color="blue"), ["unknown field 'color'"]),
        (dict(schema_version=SCHEMA_VERSION + 1), ["'schema_version'", "newer"]),
        (dict(schema_version="1"), ["'schema_version'"]),
        (dict(max_file_mb="25"), ["'max_file_mb'"]),
        (dict(max_file_mb=0), ["'max_file_mb'"]),
        (dict(max_file_mb=-5), ["'max_file_mb'"]),
        (dict(max_file_mb=True), ["'max_file_mb'"]),
        (dict(max_file_mb=0.05), ["'max_file_mb'"]),
        (dict(part_name="{name}.pdf"), ["'part_name'"]),
        (dict(part_name="../{name}_{n}.pdf"), ["'part_name'"]),
        (dict(page_size="a4"), ["'page_size'"]),
        (dict(top_margin_in=5), ["'top_margin_in'"]),
        (dict(sides="triple"), ["'sides'"]),
        (dict(certificate_of_service="yes"), ["'certificate_of_service'"]),
        (dict(text_searchable="always"), ["'text_searchable'"]),
        (dict(id=""), ["'id'"]),
        ([1, 2], ["JSON object"]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_a_broken_profile_is_reported_by_file_and_field_and_hides_nothing(data_dir, content, says):
    good = user_profile(data_dir, "eoir-ecas", id="good-one", name="Good one", max_file_mb=3)
    folder = data_dir / "profiles"
    bad = folder / "aaa-broken.json"  # sorts first: a broken file must not stop the ones after it
    if isinstance(content, str):
        bad.write_text(content, encoding="utf-8")
    elif isinstance(content, dict):
        data = json.loads((resource("profiles") / "opla-email.json").read_text(encoding="utf-8"))
        data.update(content)
        bad.write_text(json.dumps(data), encoding="utf-8")
    else:
        bad.write_text(json.dumps(content), encoding="utf-8")
    profiles, problems = load_all_profiles()
    assert len(problems) == 1, problems
    assert str(bad) in problems[0]
    for word in says:
        assert word in problems[0], problems[0]
    # Nothing else is hidden: every built-in profile and the good user profile load.
    assert set(profiles) == {*BUILT_IN, "good-one"}
    assert profiles["good-one"].source == str(good)
    assert profiles["opla-email"].max_file_mb == 20  # the broken copy did not replace the built-in
    # `packet profiles` still lists them all, and warns naming the file.
    rc, out, err = run_cli("profiles", "--json")
    assert rc == 0
    assert {r["id"] for r in json.loads(out)} == {*BUILT_IN, "good-one"}
    assert str(bad) in err and "warning" in err


def test_several_broken_files_are_each_reported(data_dir):
    folder = data_dir / "profiles"
    user_profile(data_dir, "eoir-ecas", filename="one.json", id="one", extra=1)
    user_profile(data_dir, "eoir-ecas", filename="two.json", id="two", max_file_mb="big")
    user_profile(data_dir, "eoir-ecas", filename="three.json", id="three", schema_version=99)
    (folder / "four.json").write_text("", encoding="utf-8")
    user_profile(data_dir, "eoir-ecas", filename="five.json", id="five", max_file_mb=7)
    (folder / "notes.txt").write_text("not a profile", encoding="utf-8")
    profiles, problems = load_all_profiles()
    assert len(problems) == 4, problems
    by_file = {name: next(p for p in problems if str(folder / name) in p) for name in
               ("one.json", "two.json", "three.json", "four.json")}
    assert "'extra'" in by_file["one.json"]
    assert "'max_file_mb'" in by_file["two.json"]
    assert "'schema_version'" in by_file["three.json"] and "99" in by_file["three.json"]
    assert "JSON" in by_file["four.json"]
    assert set(profiles) == {*BUILT_IN, "five"}


def test_parse_profile_defaults_and_null_limit():
    p = parse_profile({"schema_version": 1, "id": " x ", "name": "X"}, "x.json")
    assert p == Profile(id="x", name="X", source="x.json")
    assert p.max_bytes is None and p.top_margin_pt == 36.0
    assert parse_profile({"schema_version": 1, "id": "x", "name": "X", "max_file_mb": None}, "x").max_bytes is None
    assert parse_profile({"schema_version": 1, "id": "x", "name": "X", "max_file_mb": 0.2}, "x").max_bytes == 200_000


def test_packet_profile_setting_must_name_a_known_profile(tmp_path, data_dir):
    packet = new_packet(tmp_path)
    rc, out, err = run_cli("set", packet, "profile=no-such-profile")
    assert rc == 2 and "no-such-profile" in err
    assert open_packet(packet).packet.profile == ""
    user_profile(data_dir, "ice-paper", id="our-paper", name="Our paper")
    rc, out, err = run_cli("set", packet, "profile=our-paper")
    assert rc == 0
    assert open_packet(packet).packet.profile == "our-paper"
    assert json.loads(run_cli("check", packet, "--json")[1])["profile"] == "our-paper"


# -- the paper profiles' top margin -----------------------------------------------------------------------

def _first_matrix(reader: PdfReader, page: int) -> tuple[float, ...]:
    """The placement matrix of a source page: the first `cm` in its first content stream."""
    contents = reader.pages[page]["/Contents"]
    first = contents[0].get_object().get_data().decode("latin-1")
    m = re.search(r"q ((?:-?[\d.]+ ){6})cm", first)
    assert m, first
    return tuple(float(v) for v in m.group(1).split())


def _first_dark_row(png) -> int:
    from PIL import Image

    with Image.open(png) as im:
        g = im.convert("L")
        w, h = g.size
        px = g.load()
        for y in range(h):
            if any(px[x, y] < 128 for x in range(w)):
                return y
    return -1


@pytest.fixture
def full_page_packet(tmp_path):
    """A packet with one exhibit: a US Letter page filled edge to edge with black."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    src = tmp_path / "full.pdf"
    c = canvas.Canvas(str(src), pagesize=letter, invariant=1)
    c.rect(0, 0, *letter, fill=1, stroke=0)
    c.setFillColorRGB(1, 1, 1)
    c.drawString(100, 400, "FULLPAGE")
    c.showPage()
    c.save()
    packet = new_packet(tmp_path)
    add(packet, src, title="Full page")
    return open_packet(packet)


def _export(pf, target, profile_id):
    profile = load_all_profiles()[0][profile_id] if profile_id else None
    result = export_packet(pf.packet, pf.path, target, profile=profile)
    page = next(i for i, p in enumerate(result.plan.pages) if p.kind == "exhibit")
    return result, page


@pytest.mark.parametrize("pid", ["ice-paper", "eoir-paper"])
def test_paper_profile_places_source_content_below_the_top_inch(full_page_packet, tmp_path, pid):
    plain, page = _export(full_page_packet, tmp_path / "plain.pdf", None)
    paper, page2 = _export(full_page_packet, tmp_path / "paper.pdf", pid)
    assert page == page2
    a, b, c, d, e, f = _first_matrix(PdfReader(plain.path), page)
    top_plain = d * 792 + f  # where the source page's top edge lands
    a, b, c, d, e, f = _first_matrix(PdfReader(paper.path), page)
    top_paper = d * 792 + f
    assert 792 - top_plain >= 36 - 0.01
    assert 792 - top_paper >= 72 - 0.01, "a paper filing keeps the top inch clear for the two-hole punch"
    assert top_paper < top_plain - 20
    # Still the whole page, upright, centred left to right, above the stamp band.
    assert b == c == 0 and a == d > 0.5
    assert abs((e + a * 612 / 2) - 306) < 0.5
    assert f >= 54 - 0.01


@needs_poppler
def test_paper_profile_content_starts_lower_when_rendered(full_page_packet, tmp_path):
    import subprocess

    rows = {}
    for pid in (None, "ice-paper"):
        result, page = _export(full_page_packet, tmp_path / f"{pid or 'plain'}.pdf", pid)
        stem = tmp_path / f"render-{pid or 'plain'}"
        subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", "-singlefile", "-f", str(page + 1), "-l",
                        str(page + 1), str(result.path), str(stem)], check=True, timeout=60)
        rows[pid] = _first_dark_row(stem.with_suffix(".png"))
    # 20 dpi: one inch is 20 rows. Without a profile the content starts about half an inch down; on paper, an inch.
    assert 9 <= rows[None] <= 12, rows
    assert 19 <= rows["ice-paper"] <= 22, rows
    assert rows["ice-paper"] > rows[None] + 6
