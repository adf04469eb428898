"""Every real-world file in ../shared/corpus gets the verdict its manifest expects, with a message a user can act on.

The files are run through `packet inspect --json`, the same output a user or a script sees.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import CORPUS_MISSING, hang_guard, liar_pdf, read_manifest

from packet.cli import main

EXPECTED_VERDICT = {"accept": "accept", "accept-with-warning": "warn", "reject-with-clear-error": "reject"}

# Files whose verdict may differ from the manifest's, and why.
VERDICT_EXCEPTIONS = {
    "multipage.pdf": (
        {"accept", "warn"},
        "page 2 is 30x30 inches, the same page size as enormous.pdf, which the manifest marks accept-with-warning; "
        "warning that it will be shrunk to Letter is right",
    ),
}

# What a refusal must say: the specific problem, in words the user knows.
REJECT_KEYWORDS = {
    "libreoffice-writer-password.pdf": "password",
    "r6-user-password.pdf": "password",
    "missing_xref_trailer_dict.pdf": "damaged",
    "invalid.pdf": "damaged",
    "empty-0-bytes.pdf": "empty",
    "bad1.pdf": "plain text",
    "empty-zero-pages.pdf": "no pages",
    "decompression_bomb.gif": "megapixels",
}

# What a warning must be about (each keyword must appear in some message), from the manifest's reason.
WARN_KEYWORDS = {
    "160F-2019.pdf": ["JavaScript", "form fields"],
    "with_newline_whitespace_in_indirect_object_numbers.pdf": ["JavaScript"],  # it has a /JavaScript name tree
    "pdflatex-forms.pdf": ["form fields"],
    "libreoffice-form.pdf": ["form fields"],
    "sample_form.pdf": ["JavaScript", "form fields"],
    "with-attachment.pdf": ["attached"],
    "autoprint.pdf": ["JavaScript"],
    "form_dd0293.pdf": ["JavaScript", "XFA", "form fields"],
    "selenium-pypdf-issue-177.pdf": ["repaired"],
    "append-xref-loop.pdf": ["repaired"],
    "damaged-stream.pdf": ["damaged"],
    "enormous.pdf": ["very large pages"],
    "hugemono.pdf": ["very large pages"],
    "multipage.pdf": ["very large pages", "page 2"],
    "truncated_jpeg.jpg": ["cut short"],
    "hopper_png_named.jpg": ["really a PNG"],
}

# Images have no page count in the manifest: one page each, except multi-frame TIFFs.
IMAGE_PAGES = {"g4-multi.tiff": 3}

# Only against a hang: inspecting any one file takes well under a second on an idle machine (see `make bench`).
HANG_GUARD_S = 300

# Right passwords, from the corpus README.
PASSWORDS = {
    "libreoffice-writer-password.pdf": "openpassword",
    "r6-user-password.pdf": "asdfzxcv",
}

ROWS = read_manifest()
ROW_PARAMS = [pytest.param(r, id=r["filename"]) for r in ROWS] or [
    pytest.param(None, id="corpus-absent", marks=pytest.mark.skip(reason=CORPUS_MISSING))
]


def inspect(capsys, path: Path, *extra: str) -> tuple[int, dict]:
    """Run `packet inspect --json FILE` and return its exit code and its one result."""
    capsys.readouterr()
    rc = main(["inspect", "--json", *extra, str(path)])
    out = json.loads(capsys.readouterr().out)
    assert isinstance(out, list) and len(out) == 1
    return rc, out[0]


def expected_pages(row: dict) -> int | None:
    pages = row["pages"].strip()
    if re.fullmatch(r"\d+", pages):
        return int(pages)
    if pages == "n/a":  # an image
        return IMAGE_PAGES.get(row["filename"], 1)
    return None  # unreadable, not a PDF, 0 bytes


@pytest.mark.corpus
def test_manifest_lists_every_corpus_file(corpus):
    listed = {r["filename"] for r in ROWS}
    present = {p.name for p in corpus.iterdir() if p.name not in ("MANIFEST.tsv", "README.md")}
    assert listed == present
    assert set(VERDICT_EXCEPTIONS) | set(REJECT_KEYWORDS) | set(WARN_KEYWORDS) | set(PASSWORDS) <= listed


@pytest.mark.corpus
@pytest.mark.parametrize("row", ROW_PARAMS)
def test_inspect_verdict_matches_manifest(row, corpus, capsys):
    name = row["filename"]
    expectation = row["expected_behaviour"].split(" --")[0].strip()
    assert expectation in EXPECTED_VERDICT, f"unknown expected_behaviour {expectation!r} for {name}"
    wanted = EXPECTED_VERDICT[expectation]

    with hang_guard(HANG_GUARD_S, f"inspecting {name}"):  # how long it takes is measured by `make bench`
        rc, r = inspect(capsys, corpus / name)

    assert set(r) >= {"path", "verdict", "kind", "pages", "messages"}
    assert Path(r["path"]).name == name
    allowed, why = VERDICT_EXCEPTIONS.get(name, ({wanted}, ""))
    assert r["verdict"] in allowed, f"{name}: got {r['verdict']}, manifest says {expectation} {why}".strip()
    assert rc == (1 if r["verdict"] == "reject" else 0)

    if r["verdict"] == "accept":
        assert r["messages"] == []
    else:
        assert r["messages"], f"{name}: a {r['verdict']} with no message"
        for m in r["messages"]:
            assert name in m, f"message does not name the file: {m!r}"
    if r["verdict"] == "reject":
        assert name in REJECT_KEYWORDS, f"{name} is refused: add the keyword its message must contain"
        keyword = REJECT_KEYWORDS[name]
        assert any(keyword.lower() in m.lower() for m in r["messages"]), (keyword, r["messages"])
    else:
        pages = expected_pages(row)
        assert pages is not None, f"{name} is taken but the manifest gives no page count ({row['pages']!r})"
        assert r["pages"] == pages
    if r["verdict"] == "warn":
        for keyword in WARN_KEYWORDS.get(name, []):
            assert any(keyword in m for m in r["messages"]), (keyword, r["messages"])


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(PASSWORDS))
def test_password_files_open_with_the_right_password(name, corpus, capsys):
    rc, r = inspect(capsys, corpus / name, "--password", PASSWORDS[name])
    assert r["verdict"] == "accept", r["messages"]
    assert rc == 0
    assert r["pages"] == 1

    rc, r = inspect(capsys, corpus / name, "--password", "wrong-password")
    assert r["verdict"] == "reject"
    assert rc == 1
    assert r["needs_password"] is True
    assert any("password" in m and name in m for m in r["messages"]), r["messages"]

    rc, r = inspect(capsys, corpus / name)
    assert r["needs_password"] is True


@pytest.mark.corpus
def test_password_file_added_with_its_password_is_stored_decrypted(corpus, packet_folder):
    from pypdf import PdfReader

    from packet.store.intake import add_files

    name = "r6-user-password.pdf"
    [r] = add_files(packet_folder, [corpus / name], passwords={"*": PASSWORDS[name]})
    assert r.verdict == "accept" and r.exhibit_id
    doc = packet_folder.packet.documents[r.sha256]
    assert doc.decrypted is True
    with open(packet_folder.file(doc.stored), "rb") as fh:
        reader = PdfReader(fh)
        assert not reader.is_encrypted  # export can read it without asking again
        assert len(reader.pages) == 1


@pytest.mark.corpus
def test_owner_password_only_file_opens_without_asking(corpus, capsys):
    rc, r = inspect(capsys, corpus / "r4-owner-password.pdf")
    assert (rc, r["verdict"], r["pages"], r["needs_password"]) == (0, "accept", 1, False)


@pytest.mark.parametrize("encrypt", [False, True], ids=["plain", "encrypted-empty-password"])
def test_page_tree_lying_about_its_count_is_counted_truly(tmp_path, capsys, encrypt):
    """Counting by /Count would take hours (or run out of memory): the guard catches that; the time it really
    takes is a `make bench` figure."""
    path = tmp_path / "liar.pdf"
    path.write_bytes(liar_pdf(9_999_999_999, encrypt))
    with hang_guard(HANG_GUARD_S, "counting the pages of a PDF whose page tree claims 9,999,999,999"):
        rc, r = inspect(capsys, path)
    assert r["pages"] == 1
    assert r["verdict"] in ("accept", "warn")
    assert rc == 0
