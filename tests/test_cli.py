"""The `packet` command as a script or a user sees it: exit codes, messages, and JSON output."""

from __future__ import annotations

import json

import pytest

from packet.cli import main
from packet.core.factors import factor_ids
from packet.store.folder import open_packet


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


# -- new ---------------------------------------------------------------------------------------------------------

def test_new_creates_packet_with_cover_fields(tmp_path, capsys):
    rc, out, err = run(
        capsys, "new", tmp_path / "Lopez",
        "--set", "respondent=Ana Lopez", "--set", "a_number=a 12345678",
        "--set", "respondent=Luis Lopez", "--set", "a-number=123456789",
        "--set", "court=Immigration Court, New York, NY", "--set", "hearing_date=2027-01-15",
        "--set", "detained=yes", "--set", "filer_address=1 Main St\\nNew York, NY",
    )
    assert (rc, err) == (0, "")
    assert "Lopez.packet" in out
    cover = open_packet(tmp_path / "Lopez.packet").packet.cover
    assert [(r.name, r.a_number) for r in cover.respondents] == [
        ("Ana Lopez", "A-012-345-678"),
        ("Luis Lopez", "A-123-456-789"),
    ]
    assert cover.court == "Immigration Court, New York, NY"
    assert cover.hearing_date == "2027-01-15"
    assert cover.detained is True
    assert cover.filer_address == "1 Main St\nNew York, NY"


def test_new_refuses_an_existing_packet(tmp_path, capsys):
    assert run(capsys, "new", tmp_path / "Lopez")[0] == 0
    rc, out, err = run(capsys, "new", tmp_path / "Lopez")
    assert rc == 1
    assert "already exists" in err


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("a_number=12345", "5 digits"),
        ("a_number=A-12X-456-789", "only digits"),
        ("a_number=000000000", "all zeros"),
    ],
)
def test_new_with_bad_a_number_is_a_usage_error(tmp_path, capsys, setting, says):
    rc, out, err = run(capsys, "new", tmp_path / "Lopez", "--set", "respondent=Ana", "--set", setting)
    assert rc == 2
    assert "a_number" in err and says in err
    assert out == ""


@pytest.mark.parametrize(
    ("setting", "says"),
    [("colour=red", "unknown field 'colour'"), ("judge", "FIELD=VALUE"), ("hearing_date=15/01/2027", "YYYY-MM-DD")],
)
def test_new_with_bad_set_is_a_usage_error(tmp_path, capsys, setting, says):
    rc, out, err = run(capsys, "new", tmp_path / "Lopez", "--set", setting)
    assert rc == 2
    assert says in err


@pytest.mark.parametrize("setting", ["a_number=12345", "hearing_date=15/01/2027"])
def test_new_with_bad_value_creates_nothing(tmp_path, capsys, setting):
    rc, _, _ = run(capsys, "new", tmp_path / "Lopez", "--set", setting)
    assert rc == 2
    assert list(tmp_path.iterdir()) == []


def test_new_unknown_template_is_a_usage_error(tmp_path, capsys):
    rc, _, err = run(capsys, "new", tmp_path / "Lopez", "--template", "asylum")
    assert rc == 2 and "unknown template" in err
    assert list(tmp_path.iterdir()) == []


# -- add -------------------------------------------------------------------------------------------------------

@pytest.fixture
def lopez(tmp_path, capsys):
    assert run(capsys, "new", tmp_path / "Lopez")[0] == 0
    return tmp_path / "Lopez.packet"


def test_add_good_files_exits_0(lopez, make_pdf, make_image, capsys):
    pdf = make_pdf("birth_certificate.pdf", pages=2)
    png = make_image("family.png")
    factor = factor_ids()[0]
    rc, out, err = run(capsys, "add", lopez, pdf, png, "--factor", factor)
    assert rc == 0
    assert "ADDED    Tab A: Birth certificate (2 pages)" in out
    assert "ADDED    Tab B: Family (1 page)" in out
    assert "2 added, 0 refused" in err
    p = open_packet(lopez).packet
    assert [e.title for e in p.exhibits] == ["Birth certificate", "Family"]
    assert all(e.factors == [factor] for e in p.exhibits)


def test_add_with_a_refused_file_exits_1_and_keeps_the_good_one(lopez, make_pdf, tmp_path, capsys):
    good = make_pdf("lease.pdf")
    bad = tmp_path / "notes.pdf"
    bad.write_text("just some notes\n")
    rc, out, err = run(capsys, "add", lopez, good, bad)
    assert rc == 1
    refused = [line for line in out.splitlines() if line.startswith("REFUSED")]
    assert len(refused) == 1 and "notes.pdf" in refused[0] and "plain text" in refused[0]
    assert "ADDED    Tab A: Lease" in out
    assert "1 added, 1 refused" in err
    assert [e.title for e in open_packet(lopez).packet.exhibits] == ["Lease"]


def test_add_only_refused_files_changes_nothing(lopez, tmp_path, capsys):
    empty = tmp_path / "scan.pdf"
    empty.write_bytes(b"")
    before = (lopez / "packet.json").read_bytes()
    rc, out, _ = run(capsys, "add", lopez, empty)
    assert rc == 1
    assert "scan.pdf" in out and "empty" in out
    assert (lopez / "packet.json").read_bytes() == before
    assert list((lopez / "documents").iterdir()) == []


def test_add_duplicate_exits_0_and_says_skipped(lopez, make_pdf, capsys):
    pdf = make_pdf("lease.pdf")
    assert run(capsys, "add", lopez, pdf)[0] == 0
    rc, out, err = run(capsys, "add", lopez, pdf)
    assert rc == 0
    assert out.startswith("SKIPPED") and "same file" in out
    assert "0 added, 0 refused, 1 already in the packet" in err
    assert len(open_packet(lopez).packet.exhibits) == 1


def test_add_with_title_and_lead(lopez, make_pdf, capsys):
    rc, out, _ = run(capsys, "add", lopez, make_pdf("x.pdf"), "--title", "Declaration of Ana Lopez", "--lead")
    assert rc == 0
    assert "Lead document: Declaration of Ana Lopez" in out
    p = open_packet(lopez).packet
    assert [e.title for e in p.lead] == ["Declaration of Ana Lopez"] and p.exhibits == []


def test_add_title_with_several_files_is_a_usage_error(lopez, make_pdf, capsys):
    rc, _, err = run(capsys, "add", lopez, make_pdf("a.pdf"), make_pdf("b.pdf"), "--title", "One")
    assert rc == 2 and "--title" in err


def test_add_unknown_factor_is_a_usage_error_and_adds_nothing(lopez, make_pdf, capsys):
    rc, out, err = run(capsys, "add", lopez, make_pdf("lease.pdf"), "--factor", "good_vibes")
    assert rc == 2
    assert "good_vibes" in err and "residence" in err  # names the bad one and lists the real ones
    assert open_packet(lopez).packet.exhibits == []


def test_add_to_missing_packet_exits_1(tmp_path, make_pdf, capsys):
    rc, _, err = run(capsys, "add", tmp_path / "Nobody", make_pdf("a.pdf"))
    assert rc == 1 and "no packet here" in err


def test_add_json_output(lopez, make_pdf, tmp_path, capsys):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 30 + b"word/document.xml")
    rc, out, _ = run(capsys, "add", lopez, make_pdf("lease.pdf"), bad, "--json")
    assert rc == 1
    rows = json.loads(out)
    assert [r["verdict"] for r in rows] == ["accept", "reject"]
    assert rows[0]["exhibit_id"] and rows[0]["pages"] == 1
    assert "Office document" in rows[1]["messages"][0]


# -- list ---------------------------------------------------------------------------------------------------------

def test_list_json_structure(lopez, make_pdf, make_image, capsys):
    run(capsys, "add", lopez, make_pdf("cover_letter.pdf"), "--lead")
    run(capsys, "add", lopez, make_pdf("tax-return-2022.pdf", pages=3), make_image("photo.png"),
        "--factor", "employment")
    rc, out, _ = run(capsys, "list", lopez, "--json")
    assert rc == 0
    data = json.loads(out)
    assert set(data) == {"name", "path", "template", "grouped_by_factor", "items", "coverage"}
    assert data["grouped_by_factor"] is False
    assert data["template"] == "blank" and data["coverage"]["slots"] == []
    assert data["coverage"]["factors"]["employment"]["count"] == 2
    assert data["coverage"]["factors"]["employment"]["pages"] == 4
    assert data["name"] == "Lopez"
    assert data["path"] == str(lopez)
    keys = {"id", "role", "label", "title", "factors", "slot", "pages", "selection", "document", "file", "format",
            "messages", "section", "file_separately", "shared"}
    assert all(set(item) == keys for item in data["items"])
    assert [i["section"] for i in data["items"]] == [None, "employment", "employment"]  # lead documents: none
    summary = [(i["role"], i["label"], i["title"], i["pages"], i["format"], i["factors"]) for i in data["items"]]
    assert summary == [
        ("lead", "", "Cover letter", 1, "PDF", []),
        ("exhibit", "A", "Tax return 2022", 3, "PDF", ["employment"]),
        ("exhibit", "B", "Photo", 1, "PNG", ["employment"]),
    ]
    assert data["items"][1]["file"] == "tax-return-2022.pdf"
    assert len(data["items"][1]["document"]) == 64


def test_list_text(lopez, make_pdf, capsys):
    run(capsys, "add", lopez, make_pdf("lease.pdf", pages=2), "--factor", "residence")
    rc, out, _ = run(capsys, "list", lopez)
    assert rc == 0
    assert "Tab A" in out and "Lease  - 2 pages" in out
    assert "1 item, 2 source pages" in out


def test_list_empty_packet(lopez, capsys):
    rc, out, _ = run(capsys, "list", lopez, "--json")
    assert rc == 0 and json.loads(out)["items"] == []


# -- inspect ------------------------------------------------------------------------------------------------------

def test_inspect_json_keys_and_values(make_pdf, tmp_path, capsys):
    pdf = make_pdf("lease.pdf", pages=4)
    junk = tmp_path / "page.html"
    junk.write_text("<!DOCTYPE html><html></html>")
    rc, out, _ = run(capsys, "inspect", "--json", pdf, junk)
    assert rc == 1  # one of them is refused
    rows = json.loads(out)
    assert len(rows) == 2
    for r in rows:
        assert {"path", "verdict", "kind", "pages", "messages"} <= set(r)
    assert (rows[0]["path"], rows[0]["verdict"], rows[0]["kind"], rows[0]["pages"], rows[0]["messages"]) == \
        (str(pdf), "accept", "pdf", 4, [])
    assert (rows[1]["verdict"], rows[1]["kind"], rows[1]["pages"]) == ("reject", "unknown", 0)
    assert "web page" in rows[1]["messages"][0] and "page.html" in rows[1]["messages"][0]


def test_inspect_writes_nothing(make_image, tmp_path, capsys):
    img = make_image("photo.png", size=(4000, 3000))
    before = sorted(p.name for p in tmp_path.iterdir())
    rc, out, _ = run(capsys, "inspect", img)
    assert rc == 0
    assert out.startswith("OK") and "(PNG, 1 page)" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_inspect_missing_file(tmp_path, capsys):
    rc, out, _ = run(capsys, "inspect", "--json", tmp_path / "gone.pdf")
    assert rc == 1
    [r] = json.loads(out)
    assert r["verdict"] == "reject" and "no such file" in r["messages"][0]


# -- usage ---------------------------------------------------------------------------------------------------------

def test_unknown_option_is_exit_2(capsys):
    rc, _, err = run(capsys, "list", "Lopez.packet", "--frobnicate")
    assert rc == 2 and "--frobnicate" in err


def test_version(capsys):
    rc, out, _ = run(capsys, "--version")
    assert rc == 0 and out.startswith("packet ")


def test_templates_json(capsys):
    rc, out, _ = run(capsys, "templates", "--json")
    ids = [t["id"] for t in json.loads(out)]
    assert rc == 0 and ids[-1] == "blank" and "opla-pd-request" in ids


def test_list_says_when_it_opened_the_backup(lopez, make_pdf, capsys):
    assert run(capsys, "add", lopez, make_pdf("lease.pdf"))[0] == 0
    assert run(capsys, "add", lopez, make_pdf("tax_return.pdf"))[0] == 0
    (lopez / "packet.json").write_bytes(b'{"schema_version": 1, "name": ')  # cut short
    rc, out, _ = run(capsys, "list", lopez)
    assert rc == 0
    assert "packet.json.bak" in out
    assert "Lease" in out and "Tax return" not in out  # the previous save


def test_add_a_folder_adds_the_files_inside(tmp_path, capsys):
    from reportlab.pdfgen.canvas import Canvas

    scans = tmp_path / "scans" / "2024"
    scans.mkdir(parents=True)
    for name in ("b-lease.pdf", "a-paystub.pdf"):
        c = Canvas(str(scans / name))
        c.drawString(72, 720, name)
        c.save()
    (scans / ".hidden.pdf").write_bytes(b"%PDF-1.4 junk")
    assert main(["new", str(tmp_path / "P")]) == 0
    assert main(["add", str(tmp_path / "P.packet"), str(tmp_path / "scans")]) == 0
    out = capsys.readouterr().out
    assert "Tab A: A paystub" in out and "Tab B: B lease" in out and "hidden" not in out
