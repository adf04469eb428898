"""A PDF refused for its password says so by a typed result, not only in words: it needs one, or the one given
was wrong. The window asks (again) by that result; scripts read it from `packet inspect --json`."""

from __future__ import annotations

import json

from pypdf import PdfWriter

from packet.cli import main
from packet.store.intake import PASSWORD_NEEDED, PASSWORD_WRONG, REJECT, inspect_file


def locked_pdf(path, password: str = "s3cret"):
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def test_needed_wrong_and_right_password_are_told_apart(tmp_path):
    path = locked_pdf(tmp_path / "lease.pdf")
    needed = inspect_file(path)
    wrong = inspect_file(path, "guess")
    right = inspect_file(path, "s3cret")
    assert (needed.verdict, needed.needs_password, needed.password_problem) == (REJECT, True, PASSWORD_NEEDED)
    assert (wrong.verdict, wrong.needs_password, wrong.password_problem) == (REJECT, True, PASSWORD_WRONG)
    assert (right.verdict, right.needs_password, right.password_problem) == ("accept", False, "")
    assert "lease.pdf" in needed.messages[0] and "password" in needed.messages[0]


def test_other_refusals_have_no_password_problem(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("not a PDF at all\n" * 10)
    r = inspect_file(path)
    assert r.verdict == REJECT and (r.needs_password, r.password_problem) == (False, "")


def test_inspect_json_keeps_its_keys_and_adds_the_typed_one(tmp_path, capsys):
    path = locked_pdf(tmp_path / "lease.pdf")
    assert main(["inspect", "--json", "--password", "guess", str(path)]) == 1
    [row] = json.loads(capsys.readouterr().out)
    assert {"path", "verdict", "kind", "pages", "messages", "needs_password"} <= set(row)
    assert (row["needs_password"], row["password_problem"]) == (True, "wrong")
