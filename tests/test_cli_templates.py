"""Templates from the command line (`packet templates`, `new --template`, `fill`, `template-save`, `template-import`,
`template-export`, coverage in `packet list`), and a packet made from each built-in template exports."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from packet.cli import main
from packet.core.templates import BUILTIN_ORDER, apply_template
from packet.store.folder import create_packet, open_packet
from packet.store.template_library import find_template


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("PACKET_DATA_DIR", str(folder))
    return folder


# -- every built-in template makes a packet that exports -------------------------------------------------------

@pytest.mark.parametrize("template_id", BUILTIN_ORDER)
def test_packet_from_each_builtin_exports(template_id, tmp_path, make_pdf, data_dir):
    from packet.export.build import export_packet
    from packet.store.intake import add_files

    pf = create_packet(tmp_path / template_id)
    apply_template(pf.packet, find_template(template_id))
    pf.save()
    pf = open_packet(pf.path)  # as saved
    assert pf.packet.template == template_id
    results = add_files(pf, [make_pdf("evidence.pdf", pages=2)], factors=["family_ties"])
    assert results[0].exhibit_id
    if pf.packet.slots:
        pf.packet.exhibits[0].slot = pf.packet.slots[-1].id
    out = tmp_path / f"{template_id}.pdf"
    result = export_packet(pf.packet, pf.path, out)
    assert out.is_file()
    assert len(PdfReader(out).pages) == result.plan.total == result.pages


# -- packet templates ------------------------------------------------------------------------------------------

def test_templates_lists_builtins_and_user_templates(capsys, data_dir):
    rc, out, err = run(capsys, "templates", "--json")
    assert rc == 0 and err == ""
    rows = json.loads(out)
    assert [r["id"] for r in rows] == list(BUILTIN_ORDER)
    assert set(rows[0]) >= {"id", "name", "purpose", "source", "profile", "slots", "required_slots"}
    assert all(r["source"] == "built-in" and r["purpose"] for r in rows)
    rc, out, err = run(capsys, "templates")
    assert rc == 0
    assert "opla-pd-request" in out and "Request for prosecutorial discretion to ICE OPLA" in out
    assert "Your templates" in out and "(none yet" in out


def test_templates_reports_broken_files_on_stderr_without_failing(capsys, data_dir):
    folder = data_dir / "templates"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text('{"schema_version": 1, "id": "x", "name": "X", "purpose": "p", '
                                        '"label_style": "roman"}', encoding="utf-8")
    (folder / "garbled.json").write_text("{oops", encoding="utf-8")
    rc, out, err = run(capsys, "templates", "--json")
    assert rc == 0
    assert [r["id"] for r in json.loads(out)] == list(BUILTIN_ORDER)
    assert str(folder / "broken.json") in err and '"label_style"' in err
    assert str(folder / "garbled.json") in err and "not valid JSON" in err


# -- packet new --template -------------------------------------------------------------------------------------

def test_new_from_a_template(tmp_path, capsys, data_dir):
    rc, out, err = run(capsys, "new", tmp_path / "Lopez", "--template", "ice-stay-of-removal",
                       "--set", "respondent=Ana Lopez", "--set", "document_title=My own title")
    assert rc == 0 and err == ""
    assert "Form I-246" in out and "5 required" in out  # the fee receipt is required since issue 11
    p = open_packet(tmp_path / "Lopez.packet").packet
    assert p.template == "ice-stay-of-removal" and p.profile == "ice-paper"
    assert [s.id for s in p.slots][:3] == ["form_i246", "g28", "statement"]
    assert p.cover.document_title == "My own title"  # --set wins over the template's title
    assert p.cover.respondents[0].name == "Ana Lopez"


def test_new_with_an_unknown_template_lists_the_ids(tmp_path, capsys, data_dir):
    rc, out, err = run(capsys, "new", tmp_path / "Lopez", "--template", "asylum")
    assert rc == 2
    assert "unknown template 'asylum'" in err
    assert all(tid in err for tid in BUILTIN_ORDER)
    assert not (tmp_path / "Lopez.packet").exists()


# -- filling slots, and coverage in packet list ----------------------------------------------------------------

def test_fill_and_list_show_coverage(tmp_path, capsys, make_pdf, data_dir):
    lopez = tmp_path / "Lopez.packet"
    assert run(capsys, "new", lopez, "--template", "opla-pd-request")[0] == 0
    assert run(capsys, "add", lopez, make_pdf("letter.pdf"), "--lead")[0] == 0
    assert run(capsys, "add", lopez, make_pdf("passport.pdf", pages=2), make_pdf("kids.pdf", pages=3))[0] == 0
    rc, out, err = run(capsys, "list", lopez)
    assert rc == 0
    assert "Expected evidence: 0 of 14 slots filled" in out
    assert "[ ] Request letter or brief  (required; slot request_letter)" in out
    assert "[ ] Proof of identity and nationality  (required; slot identity)" in out
    assert "2 required slots empty" in out

    assert run(capsys, "fill", lopez, "L1", "request_letter")[0] == 0
    rc, out, _ = run(capsys, "fill", lopez, "b", "usc_children")
    assert rc == 0 and "Tab B (Kids) fills: Birth certificates of U.S. citizen children" in out
    # the OPLA template groups the index by factor: tagged with family ties, it moved into that section
    assert "so it moved into its section and is now Tab A" in out
    p = open_packet(lopez).packet
    assert p.exhibits[0].slot == "usc_children" and "family_ties" in p.exhibits[0].factors  # tagged too
    rc, _, err = run(capsys, "fill", lopez, "B", "passports")
    assert rc == 2 and "slot 'passports': not a slot of this packet" in err and "identity" in err
    rc, _, err = run(capsys, "fill", lopez, "Q", "identity")
    assert rc == 2 and "no such exhibit" in err

    rc, out, _ = run(capsys, "list", lopez)
    assert "Expected evidence: 2 of 14 slots filled" in out
    assert "[x] Birth certificates of U.S. citizen children  (Tab A)" in out
    assert "[x] Request letter or brief  (Lead)" in out
    assert "1 required slot empty" in out and "(required; slot identity)" in out

    rc, out, _ = run(capsys, "list", lopez, "--json")
    data = json.loads(out)
    slots = {s["id"]: s for s in data["coverage"]["slots"]}
    assert slots["usc_children"]["filled"] and slots["usc_children"]["where"] == ["Tab A"]
    assert not slots["identity"]["filled"] and slots["identity"]["required"]
    fam = data["coverage"]["factors"]["family_ties"]
    assert (fam["count"], fam["pages"], fam["labels"]) == (1, 3, ["A"])
    assert [i["slot"] for i in data["items"]] == ["request_letter", "usc_children", ""]

    assert run(capsys, "fill", lopez, "A", "none")[0] == 0
    assert open_packet(lopez).packet.exhibits[0].slot == ""


# -- save as template, export, import --------------------------------------------------------------------------

def test_template_save_import_and_export(tmp_path, capsys, data_dir):
    lopez = tmp_path / "Lopez.packet"
    assert run(capsys, "new", lopez, "--template", "eoir-admin-closure", "--set", "respondent=José Núñez",
               "--set", "a_number=123456789", "--set", "filer_name=Maria Abogada", "--set", "eoir_id=AB123456",
               "--set", "judge=Hon. Smith", "--set", "court=Immigration Court, New York")[0] == 0
    share = tmp_path / "share.json"
    rc, out, err = run(capsys, "template-save", lopez, "--id", "my-motion", "--name", "My motion",
                       "--purpose", "Our office's motions", "-o", share)
    assert (rc, err) == (0, "")
    assert "Saved the template 'My motion'" in out and "Wrote a copy to share" in out
    saved = data_dir / "templates" / "my-motion.json"
    text = saved.read_text(encoding="utf-8")
    assert share.read_text(encoding="utf-8") == text
    for secret in ("Núñez", "123456789", "123-456-789", "Smith", "Immigration Court, New York"):
        assert secret not in text
    data = json.loads(text)
    assert data["filer"]["filer_name"] == "Maria Abogada" and data["filer"]["eoir_id"] == "AB123456"
    assert data["profile"] == "eoir-ecas" and data["certificate_of_service"] is True

    rc, out, _ = run(capsys, "templates", "--json")
    assert [r["id"] for r in json.loads(out)][-1] == "my-motion"
    # the same id again: a usage error unless --replace
    rc, _, err = run(capsys, "template-save", lopez, "--id", "my-motion", "--name", "Again")
    assert rc == 2 and "--replace" in err
    assert run(capsys, "template-save", lopez, "--id", "my-motion", "--name", "Again", "--replace")[0] == 0
    rc, _, err = run(capsys, "template-save", lopez, "--id", "blank", "--name", "Mine")
    assert rc == 2 and "built-in" in err
    rc, _, err = run(capsys, "template-save", lopez, "--id", "Bad Id", "--name", "Mine")
    assert rc == 2 and '"id"' in err

    # a colleague imports the shared file
    saved.unlink()
    rc, out, err = run(capsys, "template-import", share)
    assert rc == 0 and "packet new PACKET --template my-motion" in out
    rc, _, err = run(capsys, "template-import", share)
    assert rc == 1 and "--replace" in err and str(share) in err
    assert run(capsys, "template-import", share, "--replace")[0] == 0
    assert run(capsys, "new", tmp_path / "Next", "--template", "my-motion")[0] == 0
    nxt = open_packet(tmp_path / "Next.packet").packet
    assert nxt.cover.filer_name == "Maria Abogada" and nxt.cover.respondents == [] and nxt.cover.judge == ""

    # export a built-in, and importing it back is refused: its id is taken
    out_file = tmp_path / "stay.json"
    assert run(capsys, "template-export", "ice-stay-of-removal", "-o", out_file)[0] == 0
    rc, _, err = run(capsys, "template-import", out_file)
    assert rc == 1 and "built-in" in err
    rc, _, err = run(capsys, "template-export", "nope", "-o", out_file)
    assert rc == 2 and "unknown template" in err


def test_template_import_of_a_broken_file(tmp_path, capsys, data_dir):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 7, "id": "x", "name": "X", "purpose": "p"}', encoding="utf-8")
    rc, out, err = run(capsys, "template-import", bad)
    assert rc == 1 and str(bad) in err and '"schema_version"' in err and "newer version" in err
