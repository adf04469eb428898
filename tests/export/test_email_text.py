"""The email for OPLA (issue 11): a build with a profile sent by email also writes `<name>.email.txt`, a subject
with the names, A-numbers, custody and next hearing, and a body listing each attachment with its size and the
request; no other profile writes one, and nothing is sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.filing.helpers import scan_pdf, user_profile

from .cli_helpers import marker_pdf, ok
from .samples import JOSE

ANA = "Ana Núñez Ibáñez"


@pytest.fixture
def request_packet(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PACKET_DATA_DIR", str(tmp_path / "userdata"))
    ok("new", tmp_path / "PD", "--template", "opla-pd-request", "--set", f"respondent={JOSE}",
       "--set", "a_number=012345678", "--set", f"respondent={ANA}", "--set", "a_number=987654321",
       "--set", "court=New York Field Location", "--set", "hearing_date=2027-03-02", "--set", "hearing_time=13:30",
       "--set", "requested=Agree to dismiss the proceedings without prejudice", "--set", "filer_name=María Ruiz",
       "--set", "filer_email=maria@example.org")
    packet = tmp_path / "PD.packet"
    ok("add", packet, marker_pdf(tmp_path / "letter.pdf", "REQUESTLETTER"), "--lead", "--title", "Request")
    ok("add", packet, marker_pdf(tmp_path / "birth.pdf", "BIRTH", "CERT"), "--title", "Birth certificate",
       "--factor", "family_ties")
    return packet


def test_opla_build_writes_the_email_text_with_subject_and_attachments(request_packet, tmp_path):
    out = tmp_path / "PD request.pdf"
    said = ok("build", request_packet, "-o", out, "--force", "--quiet")
    mail = out.with_name("PD request.email.txt")
    assert f"Wrote {mail}" in said and "sends nothing" in said
    text = mail.read_text(encoding="utf-8")
    subject, _, body = text.partition("\n\n")
    assert subject == ("Subject: Request for prosecutorial discretion: José Núñez Ibáñez; Ana Núñez Ibáñez - "
                       "A-012-345-678, A-987-654-321 - Not detained - Next hearing March 2, 2027, 1:30 p.m.")
    assert body.startswith("To the Office of the Chief Counsel, New York Field Location:")
    assert "Re: José Núñez Ibáñez, A-012-345-678\nRe: Ana Núñez Ibáñez, A-987-654-321" in body
    assert "Request: Agree to dismiss the proceedings without prejudice" in body
    size = out.stat().st_size
    shown = f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{max(1, round(size / 1000))} KB"
    pages = json.loads(out.with_name("PD request.manifest.json").read_text(encoding="utf-8"))["files"][0]["pages"]
    assert f"Attached, as PDF files (1 file):\n1. PD request.pdf ({shown}, {pages} pages)" in body
    assert body.rstrip().endswith("María Ruiz\nmaria@example.org")
    manifest = json.loads(out.with_name("PD request.manifest.json").read_text(encoding="utf-8"))
    assert manifest["email"] == mail.name


def test_parts_are_each_listed_with_their_size(request_packet, tmp_path, monkeypatch):
    user_profile(tmp_path / "userdata", "opla-email", max_file_mb=1.2)
    ok("add", request_packet, scan_pdf(tmp_path / "scan.pdf", 2), "--title", "Medical records", "--factor", "medical")
    # the parts are what is tested: images as they are (compression, on for a profile with a limit, fits one file)
    ok("set", request_packet, "compress_images=off")
    out = tmp_path / "PD.pdf"
    ok("build", request_packet, "-o", out, "--force", "--quiet")
    body = out.with_name("PD.email.txt").read_text(encoding="utf-8")
    parts = sorted(tmp_path.glob("PD_Part*.pdf"))
    assert len(parts) >= 2
    assert f"({len(parts)} files)" in body
    for n, part in enumerate(parts, start=1):
        assert f"{n}. {part.name} (" in body


def test_no_email_text_for_a_court_filing(tmp_path, monkeypatch, request_packet):
    ok("set", request_packet, "profile=eoir-ecas")
    out = tmp_path / "court.pdf"
    said = ok("build", request_packet, "-o", out, "--force", "--quiet")
    assert not out.with_name("court.email.txt").exists() and ".email.txt" not in said
    assert "email" not in json.loads(out.with_name("court.manifest.json").read_text(encoding="utf-8"))
